import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

// C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, and the transparency-log
// checkpoint they carry (https://c2sp.org/tlog-checkpoint): origin, tree size, root hash, then
// our extension lines (the checkpoint's number and when it was signed).

const ED25519 = 0x01;
const DASH = "\u2014 ";

/** The 32 raw bytes of an Ed25519 public key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== "ed25519") throw new Error("the key is not an Ed25519 key");
  return Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
}

/** The 4-byte key id: SHA-256(name || "\n" || 0x01 || public key), first four bytes. */
export function keyId(name: string, key: KeyObject): Buffer {
  return createHash("sha256")
    .update(`${name}\n`)
    .update(Buffer.from([ED25519]))
    .update(rawPublicKey(key))
    .digest()
    .subarray(0, 4);
}

/** The verifier key in the form note tools take: <name>+<key id hex>+<base64(0x01 || public key)>. */
export function verifierKey(name: string, key: KeyObject): string {
  return `${name}+${keyId(name, key).toString("hex")}+${Buffer.concat([Buffer.from([ED25519]), rawPublicKey(key)]).toString("base64")}`;
}

export function parseVerifierKey(text: string): { name: string; id: Buffer; publicKey: KeyObject } {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  const raw = Buffer.from(match?.[3] ?? "", "base64");
  if (!match || raw.length !== 33 || raw[0] !== ED25519) {
    throw new Error("is not an Ed25519 note verifier key (<name>+<8 hex digits>+<base64 key>)");
  }
  const [, name, idHex] = match;
  const publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.subarray(1).toString("base64url") }, format: "jwk" });
  if (!keyId(name, publicKey).equals(Buffer.from(idHex, "hex"))) throw new Error("has a key id that does not match its key");
  return { name, id: Buffer.from(idHex, "hex"), publicKey };
}

const validName = (name: string) => name.length > 0 && !/[\s+]/.test(name);

export function signNote(body: string, name: string, privateKey: KeyObject): string {
  if (!body.endsWith("\n") || body.includes("\n\n")) throw new Error("a note's text ends with one newline and has no blank line");
  if (!validName(name)) throw new Error("a key name has no spaces or '+'");
  const signature = sign(null, Buffer.from(body, "utf8"), privateKey);
  return `${body}\n${DASH}${name} ${Buffer.concat([keyId(name, privateKey), signature]).toString("base64")}\n`;
}

export type OpenedNote = { ok: true; body: string } | { ok: false; body?: string; reason: string };

/** Checks that `note` carries a valid signature by (name, publicKey); other signatures are ignored. */
export function openNote(note: string, name: string, publicKey: KeyObject): OpenedNote {
  const split = note.lastIndexOf("\n\n");
  if (split < 0 || !note.endsWith("\n")) return { ok: false, reason: "it is not a signed note" };
  const body = note.slice(0, split + 1);
  const id = keyId(name, publicKey);
  let signedByOther = false;
  for (const line of note.slice(split + 2, -1).split("\n")) {
    if (!line.startsWith(DASH)) return { ok: false, body, reason: "it has a malformed signature line" };
    const [signer, b64, ...rest] = line.slice(DASH.length).split(" ");
    const bytes = Buffer.from(b64 ?? "", "base64");
    if (rest.length || bytes.length < 5) return { ok: false, body, reason: "it has a malformed signature line" };
    if (signer !== name || !bytes.subarray(0, 4).equals(id)) {
      signedByOther = true;
      continue;
    }
    if (verify(null, Buffer.from(body, "utf8"), publicKey, bytes.subarray(4))) return { ok: true, body };
    return { ok: false, body, reason: "its signature does not match its text" };
  }
  return { ok: false, body, reason: signedByOther ? "it is signed by another key" : "it has no signature" };
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** Our extension lines: which checkpoint this is (1, 2, …) and when it was signed. */
  number: number;
  signedAt: string;
}

export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString("base64")}\ncheckpoint ${c.number}\ntime ${c.signedAt}\n`;
}

export function parseCheckpointBody(body: string): Checkpoint | undefined {
  const lines = body.split("\n");
  if (lines.length !== 6 || lines[5] !== "") return undefined;
  const [origin, size, root, number, time] = lines;
  const rootBytes = Buffer.from(root, "base64");
  const n = /^checkpoint ([1-9]\d*)$/.exec(number);
  const t = /^time (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$/.exec(time);
  if (!origin || !/^(0|[1-9]\d*)$/.test(size) || rootBytes.length !== 32 || rootBytes.toString("base64") !== root || !n || !t) {
    return undefined;
  }
  return { origin, size: Number(size), root: rootBytes, number: Number(n[1]), signedAt: t[1] };
}
