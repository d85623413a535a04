// What every request must pass before the sandbox reads it. The sandbox has no authentication, so a
// web page must not be able to reach it: a page can make a browser send simple cross-origin POSTs
// (which always carry Origin) or rebind its own host name to 127.0.0.1 (its Host header is then
// still the page's name). SDKs and the CLI send neither an Origin nor a foreign Host.
import type { IncomingHttpHeaders } from "node:http";

/** Request bodies above this are refused with 413 (CloudFormation's own template limit is 51,200 bytes). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** `localhost`, `*.localhost`, 127.0.0.0/8 or `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = (host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "")).toLowerCase();
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (name === "[::1]") return true;
  const octets = name.split(".");
  return octets.length === 4 && octets[0] === "127" && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/** Why this request is refused (403), or undefined when it may go on. */
export function refusal(headers: IncomingHttpHeaders): string | undefined {
  if (headers.origin !== undefined) return "Requests from web pages (with an Origin header) are refused by the sandbox";
  if (!isLoopbackHost(headers.host)) return "The sandbox answers only requests addressed to a loopback name (localhost, 127.0.0.1, [::1])";
  return undefined;
}
