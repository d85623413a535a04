import { createHash, randomBytes } from "node:crypto";

// API tokens: "spk_" + 40 random base62 characters + a 6-character CRC-32 checksum. The prefix
// makes a leaked token recognisable (secret scanners, logs); the checksum lets a malformed or
// mistyped token be refused without a database read. Only the SHA-256 is stored: the token has
// 238 random bits, so a fast hash is enough (a password needs a slow one; this is no password). Pure.

export const TOKEN_PREFIX = "spk_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY = 40;
const CHECK = 6;
const SHAPE = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${BODY + CHECK}}$`);

function base62(bytes: Uint8Array, length: number): string {
  let out = "";
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
  for (const byte of bytes) {
    if (byte >= 248) continue;
    out += ALPHABET[byte % 62];
    if (out.length === length) break;
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text)) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function checksum(body: string): string {
  let n = crc32(body);
  let out = "";
  for (let i = 0; i < CHECK; i++) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** A new token (shown once) with the hash and hint to store. */
export function newToken(): { token: string; hash: string; hint: string } {
  let body = "";
  while (body.length < BODY) body += base62(randomBytes(64), BODY - body.length);
  const token = `${TOKEN_PREFIX}${body}${checksum(body)}`;
  return { token, hash: hashToken(token), hint: tokenHint(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What lists show to recognise a token by: its prefix and first characters. */
export function tokenHint(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX.length + 6)}…`;
}

/** True for a well-formed token whose checksum matches; says nothing about whether it exists. */
export function isWellFormedToken(token: string): boolean {
  if (!SHAPE.test(token)) return false;
  const body = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + BODY);
  return token.slice(TOKEN_PREFIX.length + BODY) === checksum(body);
}

export type BearerParse = { kind: "none" } | { kind: "malformed" } | { kind: "token"; token: string };

/** The Authorization header's bearer token. Only this header carries a token: never a cookie or the query string. */
export function parseAuthorization(header: string | null): BearerParse {
  if (header === null || header.trim() === "") return { kind: "none" };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match || !isWellFormedToken(match[1])) return { kind: "malformed" };
  return { kind: "token", token: match[1] };
}
