import { SLUG_MAX_LENGTH } from "./schemas";

/**
 * Client display name → slug usable in CloudFormation stack names ([a-zA-Z][-a-zA-Z0-9]*) and
 * DNS-ish contexts: accents folded ("Café" → "cafe"), "&" read as "and", everything else that is
 * not a letter or digit becomes a single hyphen, must start with a letter, at most 40 characters
 * cut at a word boundary when possible. Returns "" when nothing usable is left.
 */
export function slugify(displayName: string): string {
  let slug = displayName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug && !/^[a-z]/.test(slug)) slug = `c-${slug}`;
  if (slug.length > SLUG_MAX_LENGTH) {
    const cut = slug.slice(0, SLUG_MAX_LENGTH + 1);
    const lastHyphen = cut.lastIndexOf("-");
    slug = (lastHyphen >= SLUG_MAX_LENGTH / 2 ? cut.slice(0, lastHyphen) : cut.slice(0, SLUG_MAX_LENGTH)).replace(/-+$/, "");
  }
  return slug;
}

/** Replace characters some AWS services reject in tag values; keeps the value readable. */
export function toTagValue(text: string): string {
  return text
    .normalize("NFC")
    .replace(/&/g, "+")
    .replace(/[^\p{L}\p{N}\s+\-=._:/@]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 256);
}
