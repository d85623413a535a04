import { isIP } from "node:net";

// Where a request came from, for throttling and the audit log. The socket's peer address is
// captured where the HTTP server receives the request (instrumentation.ts) and passed on in
// CLIENT_ADDRESS_HEADER, which is overwritten for every request so a client cannot set it.
// Behind `hops` trusted proxies (TRUSTED_PROXY_HOPS) the address is the X-Forwarded-For entry
// the outermost trusted proxy appended: `hops` places from the right of entries + socket.
// The first X-Forwarded-For entry is never trusted for itself: the client writes it.

export const CLIENT_ADDRESS_HEADER = "x-stackport-client-address";

/** An IP literal in canonical form (IPv4-mapped IPv6 unmapped, zone and brackets dropped), or null. */
export function normalizeAddress(value: string | undefined | null): string | null {
  if (!value) return null;
  let v = value.trim();
  if (v.startsWith("[") && v.endsWith("]")) v = v.slice(1, -1);
  v = v.replace(/%.*$/, "");
  if (!isIP(v)) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(v);
  return (mapped ? mapped[1] : v).toLowerCase();
}

export function clientAddressFrom(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
  hops: number,
): string | null {
  const socket = normalizeAddress(socketAddress);
  if (hops <= 0) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const chain = [...header.split(",").map((e) => e.trim()), socketAddress ?? ""].filter(Boolean);
  // Fewer entries than trusted hops: the request did not come through every proxy; take the
  // furthest one there is. A value that is not an IP literal does not count as an address.
  const picked = chain[Math.max(0, chain.length - 1 - hops)];
  return normalizeAddress(picked) ?? socket;
}
