// Cross-site request forgery check for anything that changes state. Pure (no Next imports), so
// the proxy, the route-handler wrapper and unit tests share it.
//
// A browser names the page a request comes from: `Origin` on every cross-origin POST and
// `Sec-Fetch-Site` on every request. A request whose origin is not this portal's is refused. A
// request carrying neither header is not from a browser (curl, a script holding its own
// cookies), so it is not a forgery a victim's browser could be tricked into sending.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface HeaderSource {
  get(name: string): string | null;
}

/** Hosts (host[:port]) this portal answers as: the request's Host, a proxy's X-Forwarded-Host, and the configured public URL's. */
export function portalHosts(headers: HeaderSource, publicUrl?: string): string[] {
  const hosts = [headers.get("host"), headers.get("x-forwarded-host")?.split(",")[0]?.trim()];
  if (publicUrl) hosts.push(new URL(publicUrl).host);
  return hosts.filter((h): h is string => Boolean(h)).map((h) => h.toLowerCase());
}

/** Null when the request may proceed; otherwise why it is refused. */
export function crossSiteRefusal(method: string, headers: HeaderSource, allowedHosts: string[]): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site is ${site}`;
  const origin = headers.get("origin");
  if (origin === null) return null;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return "Origin is not a URL";
  }
  // An opaque origin ("null": sandboxed frames, some redirects) parses to an empty host.
  if (!host || !allowedHosts.includes(host)) return `Origin ${origin.slice(0, 100)} is not this portal`;
  return null;
}
