import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkpointBody, keyId, openNote, parseCheckpointBody, parseVerifierKey, signNote, verifierKey } from "./signed-note";

const ours = generateKeyPairSync("ed25519");
const theirs = generateKeyPairSync("ed25519");
const NAME = "stackport.example.com/audit";
const checkpoint = { origin: NAME, size: 25, root: Buffer.alloc(32, 7), number: 3, signedAt: "2026-12-01T10:00:00.000Z" };

describe("signed notes", () => {
  it("signs a checkpoint that opens with the same key and reads back the same", () => {
    const note = signNote(checkpointBody(checkpoint), NAME, ours.privateKey);
    expect(note).toMatch(
      /^stackport\.example\.com\/audit\n25\n[A-Za-z0-9+/=]{44}\ncheckpoint 3\ntime .*\n\n\u2014 stackport\.example\.com\/audit [A-Za-z0-9+/=]+\n$/,
    );
    const opened = openNote(note, NAME, ours.publicKey);
    expect(opened.ok).toBe(true);
    expect(parseCheckpointBody(opened.body!)).toEqual(checkpoint);
  });

  it("refuses a checkpoint signed by another key, and one whose text was changed", () => {
    const byOther = signNote(checkpointBody(checkpoint), NAME, theirs.privateKey);
    expect(openNote(byOther, NAME, ours.publicKey)).toMatchObject({ ok: false, reason: "it is signed by another key" });
    const note = signNote(checkpointBody(checkpoint), NAME, ours.privateKey);
    expect(openNote(note.replace("\n25\n", "\n26\n"), NAME, ours.publicKey)).toMatchObject({
      ok: false,
      reason: "its signature does not match its text",
    });
    expect(openNote(note.replace(/ [^ ]+\n$/, " AAAA\n"), NAME, ours.publicKey).ok).toBe(false);
  });

  it("computes the key id as C2SP does and round-trips the verifier key", () => {
    expect(keyId(NAME, ours.publicKey)).toEqual(keyId(NAME, ours.privateKey));
    const parsed = parseVerifierKey(verifierKey(NAME, ours.publicKey));
    expect(parsed.name).toBe(NAME);
    expect(parsed.publicKey.export({ format: "jwk" })).toEqual(ours.publicKey.export({ format: "jwk" }));
    expect(() => parseVerifierKey(verifierKey(NAME, ours.publicKey).replace(/\+[0-9a-f]{8}\+/, "+00000000+"))).toThrow(/key id/);
  });

  it.each(["", "a\n1\n", `${NAME}\n-1\n${Buffer.alloc(32).toString("base64")}\ncheckpoint 1\ntime 2026-12-01T10:00:00.000Z\n`])(
    "does not parse a malformed checkpoint %j",
    (body) => expect(parseCheckpointBody(body)).toBeUndefined(),
  );
});
