import { z } from "zod";
import { WEBHOOK_EVENTS } from "./events";

// Endpoint URLs. Only administrators add endpoints, and they are trusted to choose where
// notifications go (a receiver inside the company's network is a normal choice), so private
// addresses are not refused wholesale. What is refused: plain http to anything but this machine
// (the body is signed, not encrypted) unless WEBHOOK_ALLOW_HTTP is set; credentials in the URL
// (they would be stored and shown in the clear); and the cloud metadata address. The sender
// follows no redirects and keeps no response body, so an endpoint cannot be used to read
// another service's answers.

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const METADATA = /^(169\.254\.\d{1,3}\.\d{1,3}|\[fd00:ec2::254\])$/i;

/** Why a URL may not be an endpoint, or null when it may. Pure. */
export function endpointUrlProblem(raw: string, options: { allowHttp: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL such as https://hooks.example.com/stackport";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https:// URL";
  if (url.username || url.password) return "Leave credentials out of the URL; receivers verify the signature instead";
  if (METADATA.test(url.hostname)) return "The cloud metadata address cannot receive notifications";
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname) && !options.allowHttp) {
    return "Use https:// (plain http is only allowed to localhost, or when WEBHOOK_ALLOW_HTTP is set)";
  }
  return null;
}

const url = z.string().trim().min(1, "Enter the endpoint's URL").max(2000, "Use at most 2000 characters");
const description = z.string().trim().max(200, "Use at most 200 characters").default("");
const id = z.string().min(1).max(64);

// Event checkboxes are named `event:<type>` (form data keeps one value per name).
const withEvents = (raw: unknown) => {
  const record = (raw ?? {}) as Record<string, unknown>;
  return {
    ...record,
    events: Object.keys(record)
      .filter((k) => k.startsWith("event:"))
      .map((k) => k.slice("event:".length)),
  };
};

export const createEndpointSchema = z.preprocess(
  withEvents,
  z.object({
    url,
    description,
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Choose at least one event"),
  }),
);
export type CreateEndpoint = z.infer<typeof createEndpointSchema>;

export const endpointIdSchema = z.object({ endpointId: id });
export const setEnabledSchema = z.object({ endpointId: id, enabled: z.enum(["true", "false"]).transform((v) => v === "true") });
export const deleteEndpointSchema = z.object({
  endpointId: id,
  confirm: z.literal("on", { error: "Tick the box to confirm" }),
});
export const retryDeliverySchema = z.object({ endpointId: id, deliveryId: id });
