// How an entry's `via` reads to a person. Pure.

export function viaLabel(via: string | null | undefined): string | null {
  if (!via) return null;
  if (via === "api") return "through the API (signed-in session)";
  if (via.startsWith("api:")) return `through the API, token ${via.slice(4)}`;
  return via;
}
