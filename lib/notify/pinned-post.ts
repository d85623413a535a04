import "server-only";
import { promises as dns, type lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { addressVerdict, bareHostname, isAddressLiteral, isLocalhostName, type PrivateTargets } from "./address-policy";

// One webhook POST to an address that was checked (security review L1). The host name is
// resolved here, every address it resolves to is judged by address-policy.ts, and the connection
// goes to the address that was judged: the socket's `lookup` answers with it instead of asking
// DNS again, so a name that changes its answer between the check and the connection (DNS
// rebinding) cannot move the request. TLS still verifies the certificate against the host name.
// No redirect is followed, no response body is read, and one deadline covers the lookup, the
// connection and the answer's status line.

export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export interface CheckedTarget {
  url: URL;
  host: string;
  address: string;
  family: 4 | 6;
}

export type TargetCheck =
  | { ok: true; target: CheckedTarget }
  /** `refused`: the policy said no (final); otherwise a failure worth retrying, such as an unknown name. */
  | { ok: false; refused: boolean; error: string; openable?: boolean };

/** Resolves and judges an endpoint URL's host. Never throws. */
export async function checkTarget(
  raw: string,
  options: { allowPrivate: PrivateTargets; timeoutMs: number; resolve?: Resolve },
): Promise<TargetCheck> {
  const url = new URL(raw);
  const host = bareHostname(url);
  const refuse = (verdict: { address: string; refusal: string; openable: boolean }, literal: boolean): TargetCheck => ({
    ok: false,
    refused: true,
    openable: verdict.openable,
    error: literal
      ? `refused: ${verdict.address} is ${verdict.refusal}`
      : `refused: ${host} resolves to ${verdict.address}, ${verdict.refusal}`,
  });
  if (isAddressLiteral(host)) {
    const verdict = addressVerdict(host, options.allowPrivate);
    if (verdict.refusal) return refuse({ ...verdict, refusal: verdict.refusal }, true);
    return { ok: true, target: { url, host, address: host, family: host.includes(":") ? 6 : 4 } };
  }
  // "localhost" is this machine whatever a resolver says (RFC 6761).
  if (isLocalhostName(host) && addressVerdict("127.0.0.1", options.allowPrivate).refusal) {
    return { ok: false, refused: true, openable: true, error: `refused: ${host} is this machine, a loopback address` };
  }
  let addresses: LookupAddress[];
  try {
    addresses = await withDeadline((options.resolve ?? systemResolve)(host), options.timeoutMs);
  } catch (error) {
    return { ok: false, refused: false, error: lookupError(error, options.timeoutMs) };
  }
  if (!addresses.length) return { ok: false, refused: false, error: "Host name not found" };
  // Every answer must pass: a name that resolves to one public and one private address could
  // reach the private one on a later attempt.
  for (const { address } of addresses) {
    const verdict = addressVerdict(address, options.allowPrivate);
    if (verdict.refusal) return refuse({ ...verdict, refusal: verdict.refusal }, false);
  }
  const [first] = addresses;
  return { ok: true, target: { url, host, address: first.address, family: first.family === 6 ? 6 : 4 } };
}

/** POSTs to a checked target; resolves to the answer's status code, or rejects with a network error. */
export function postToTarget(
  target: CheckedTarget,
  request: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<number> {
  const { url } = target;
  const client = url.protocol === "https:" ? https : http;
  // Answers every lookup the socket makes with the checked address (happy-eyeballs asks for all).
  const pinnedLookup = (_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { ...request.headers, "Content-Length": String(Buffer.byteLength(request.body)) },
        agent: false,
        lookup: pinnedLookup as unknown as typeof dnsLookup,
        // SNI and certificate checks use the name, not the address connected to.
        ...(url.protocol === "https:" && !isAddressLiteral(target.host) ? { servername: target.host } : {}),
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        // The body is never read: the answer's status is all a delivery records.
        res.destroy();
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("lookup timed out"), { name: "TimeoutError" })), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function lookupError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `Host name lookup took longer than ${timeoutMs} ms`;
  const code = (error as { code?: string } | undefined)?.code;
  if (code === "ENOTFOUND" || code === "ENODATA") return "Host name not found";
  return "Host name lookup failed";
}
