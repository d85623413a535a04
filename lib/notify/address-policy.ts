import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

// Where a webhook may connect: the address classification behind both the check when an endpoint
// is saved and the check of every delivery's resolved address (security review L1). Pure.
//
// Only public unicast addresses are allowed by default. WEBHOOK_ALLOW_PRIVATE_TARGETS opens
// loopback, private, unique-local, link-local and carrier-grade NAT addresses, wholesale (`true`,
// the tests' receivers on 127.0.0.1) or by range (`10.20.0.0/16,…`, an internal receiver). The
// cloud metadata services, multicast, 0.0.0.0 and the reserved ranges stay closed either way.
// Addresses are unmapped first, so ::ffff:169.254.169.254 is judged as 169.254.169.254.

/** false: public addresses only; true: every private range too; a list: those CIDR ranges too. */
export type PrivateTargets = boolean | readonly string[];

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "uniqueLocal"
  | "linkLocal"
  | "carrierGradeNat"
  | "metadata"
  | "multicast"
  | "unspecified"
  | "reserved";

const DESCRIPTIONS: Record<Exclude<AddressKind, "public">, string> = {
  loopback: "a loopback address",
  private: "a private address",
  uniqueLocal: "a unique-local address",
  linkLocal: "a link-local address",
  carrierGradeNat: "a carrier-grade NAT address",
  metadata: "a cloud metadata address",
  multicast: "a multicast address",
  unspecified: "an unspecified address",
  reserved: "a reserved address",
};

/** Kinds WEBHOOK_ALLOW_PRIVATE_TARGETS can open; the others never receive a notification. */
const OPENABLE = new Set<AddressKind>(["loopback", "private", "uniqueLocal", "linkLocal", "carrierGradeNat"]);

// Instance and task metadata services: AWS (IMDS over IPv4 and IPv6, ECS task metadata, EKS Pod
// Identity), GCP and Azure share 169.254.169.254; Alibaba's 100.100.100.200 and Azure's wire
// server 168.63.129.16 would otherwise pass as carrier-grade NAT and public.
const METADATA = new Set([
  "169.254.169.254",
  "169.254.170.2",
  "169.254.170.23",
  "fd00:ec2::254",
  "fd00:ec2::23",
  "100.100.100.200",
  "168.63.129.16",
]);

const RANGE_KINDS: Record<string, AddressKind> = {
  unicast: "public",
  loopback: "loopback",
  private: "private",
  uniqueLocal: "uniqueLocal",
  linkLocal: "linkLocal",
  carrierGradeNat: "carrierGradeNat",
  multicast: "multicast",
  unspecified: "unspecified",
  broadcast: "multicast",
};

export interface ClassifiedAddress {
  /** The address as judged: IPv4-mapped IPv6 unmapped, IPv6 in its short form. */
  address: string;
  kind: AddressKind;
}

/** The kind of an IP address (IPv4 or IPv6 text, as a resolver returns it). */
export function classifyAddress(text: string): ClassifiedAddress {
  const parsed = ipaddr.process(text.replace(/%.*$/, ""));
  const address = parsed.kind() === "ipv6" ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
  if (METADATA.has(address)) return { address, kind: "metadata" };
  // Everything ipaddr.js does not call unicast, loopback, private, … is reserved here: 6to4,
  // Teredo and NAT64 embed an IPv4 address that could be a private one; documentation,
  // benchmarking and future-use ranges are nobody's receiver.
  return { address, kind: RANGE_KINDS[parsed.range()] ?? "reserved" };
}

function inAllowedRange(address: string, ranges: readonly string[]): boolean {
  const parsed = ipaddr.parse(address);
  return ranges.some((cidr) => {
    const range = ipaddr.parseCIDR(cidr);
    return range[0].kind() === parsed.kind() && parsed.match(range);
  });
}

/** Whether `address` may receive notifications, and if not a description such as "a private address". */
export function addressVerdict(text: string, allow: PrivateTargets): { address: string; refusal: string | null; openable: boolean } {
  const { address, kind } = classifyAddress(text);
  if (kind === "public") return { address, refusal: null, openable: false };
  const openable = OPENABLE.has(kind);
  const opened = openable && (allow === true || (Array.isArray(allow) && inAllowedRange(address, allow)));
  return { address, refusal: opened ? null : DESCRIPTIONS[kind], openable };
}

/** The `hint` for a refusal the setting could lift. */
export const PRIVATE_TARGETS_HINT = "set WEBHOOK_ALLOW_PRIVATE_TARGETS to send to an internal receiver";

/** A host name that always means this machine (RFC 6761), whatever DNS says. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

/** A URL's hostname without the brackets of an IPv6 literal. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Whether a hostname is an IP address literal (after URL parsing has normalised it). */
export function isAddressLiteral(hostname: string): boolean {
  return isIP(hostname) !== 0;
}

/** Validates a CIDR list for WEBHOOK_ALLOW_PRIVATE_TARGETS; returns the bad entry, or null. */
export function badCidr(ranges: readonly string[]): string | null {
  return ranges.find((r) => !ipaddr.isValidCIDR(r)) ?? null;
}
