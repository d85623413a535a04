// Where to go after signing in: only a path on the portal's own origin. A value such as
// "/\evil.example" passes a "starts with / but not //" test, and a browser then resolves it to
// https://evil.example/ (M3): the value is resolved the way a browser does, and kept only when
// the result stays on the portal's origin.
export function safeCallbackPath(value: string | undefined, portalUrl: string): string {
  if (!value || !value.startsWith("/")) return "/";
  try {
    const base = new URL(portalUrl);
    const resolved = new URL(value, base);
    if (resolved.origin !== base.origin) return "/";
    const path = resolved.pathname + resolved.search + resolved.hash;
    // Never a path that a second resolution could turn into another host.
    return path.startsWith("//") || path.startsWith("/\\") ? "/" : path;
  } catch {
    return "/";
  }
}
