import { z } from "zod";
import { WEBHOOK_EVENTS } from "./events";
import {
  PRIVATE_TARGETS_HINT,
  addressVerdict,
  bareHostname,
  classifyAddress,
  isAddressLiteral,
  isLocalhostName,
  type PrivateTargets,
} from "./address-policy";

// Endpoint URLs. Only administrators add endpoints, but an endpoint makes the portal send POSTs
// from inside the company's network, so where they may go is decided here and again at every
// delivery, on the address the name resolves to (address-policy.ts, pinned-post.ts): public
// addresses only, unless WEBHOOK_ALLOW_PRIVATE_TARGETS opens private ranges for an internal
// receiver. Also refused: plain http to anything but this machine (the body is signed, not
// encrypted) unless WEBHOOK_ALLOW_HTTP is set, and credentials in the URL (they would be stored
// and shown in the clear). The sender follows no redirects and reads no response body, so an
// endpoint cannot be used to read another service's answers.

/** Why a URL may not be an endpoint, or null when it may. Pure: a host name is judged when it resolves. */
export function endpointUrlProblem(raw: string, options: { allowHttp: boolean; allowPrivate: PrivateTargets }): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL such as https://hooks.example.com/stackport";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https:// URL";
  if (url.username || url.password) return "Leave credentials out of the URL; receivers verify the signature instead";
  const host = bareHostname(url);
  const literal = isAddressLiteral(host);
  const local = literal ? classifyAddress(host).kind === "loopback" : isLocalhostName(host);
  if (literal) {
    const verdict = addressVerdict(host, options.allowPrivate);
    if (verdict.refusal) return `${verdict.address} is ${verdict.refusal}${verdict.openable ? `; ${PRIVATE_TARGETS_HINT}` : ""}`;
  } else if (local && addressVerdict("127.0.0.1", options.allowPrivate).refusal) {
    return `${host} is this machine; ${PRIVATE_TARGETS_HINT}`;
  }
  if (url.protocol === "http:" && !local && !options.allowHttp) {
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
