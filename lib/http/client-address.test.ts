import { describe, expect, it } from "vitest";
import { clientAddressFrom, normalizeAddress } from "./client-address";

describe("client address", () => {
  // M1: the per-address throttle used the first X-Forwarded-For entry, which the client writes.
  it.each([
    ["no trusted proxy: the socket, whatever the header says", "1.2.3.4", "10.0.0.9", 0, "10.0.0.9"],
    ["one hop: the address the load balancer appended", "1.2.3.4, 203.0.113.7", "10.0.0.9", 1, "203.0.113.7"],
    ["one hop and no header: the socket is the client", undefined, "203.0.113.7", 1, "203.0.113.7"],
    ["two hops", "1.2.3.4, 203.0.113.7, 10.0.0.2", "10.0.0.9", 2, "203.0.113.7"],
    ["a value that is not an IP falls back to the socket", "evil, <script>", "10.0.0.9", 1, "10.0.0.9"],
    ["IPv4-mapped socket addresses are unmapped", undefined, "::ffff:127.0.0.1", 0, "127.0.0.1"],
    ["an IPv6 socket address", undefined, "2001:DB8::1", 0, "2001:db8::1"],
  ])("%s", (_name, xff, socket, hops, expected) => {
    expect(clientAddressFrom(xff, socket, hops)).toBe(expected);
  });

  it("ignores a forged first entry at one hop", () => {
    expect(clientAddressFrom(["6.6.6.6", "203.0.113.7"], "10.0.0.9", 1)).toBe("203.0.113.7");
  });

  it("gives null, not a shared 'unknown' bucket, when there is no address", () => {
    expect(clientAddressFrom("1.2.3.4", undefined, 0)).toBeNull();
    expect(normalizeAddress("x".repeat(10_000))).toBeNull();
  });
});
