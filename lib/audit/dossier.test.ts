import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DOSSIER_FORMAT, leafOfContent, verifyDossier, type Dossier } from "./dossier";
import { entryHash, GENESIS_HASH, type AuditContent } from "./hash";
import { inclusionProof, rangeHasher } from "./merkle";
import { checkpointBody, signNote, verifierKey } from "./signed-note";

const NAME = "portal.test/stackport-audit";
const ours = generateKeyPairSync("ed25519");
const theirs = generateKeyPairSync("ed25519");

/** A log of five entries, the first four about request "r1", signed at size `signedSize` by `key`. */
function dossier(signedSize = 4, key = ours): Dossier {
  const contents: AuditContent[] = [1, 2, 3, 4, 5].map((seq) => ({
    seq,
    at: `2026-12-01T10:0${seq}:00.000Z`,
    actorId: "u1",
    actorLabel: "erin@example.com",
    action: seq === 1 ? "request.create" : "request.approve",
    entityType: "ChangeRequest",
    entityId: seq === 3 ? "other" : "r1",
    clientId: "c1",
    before: null,
    after: JSON.stringify({ state: "PENDING", n: seq }),
    requestId: seq === 3 ? "other" : "r1",
  }));
  let prev = GENESIS_HASH;
  const chained = contents.map((content) => {
    const hash = entryHash(prev, content);
    const out = { content, prevHash: prev, hash };
    prev = hash;
    return out;
  });
  const leaves = contents.map(leafOfContent);
  const mth = rangeHasher((i) => leaves[i]);
  const note = signNote(
    checkpointBody({ origin: NAME, size: signedSize, root: mth(0, signedSize), number: 2, signedAt: "2026-12-01T11:00:00.000Z" }),
    NAME,
    key.privateKey,
  );
  return {
    format: DOSSIER_FORMAT,
    request: { id: "r1", summary: "Onboard: Bondi Surf Co" },
    publicKey: verifierKey(NAME, key.publicKey),
    checkpoint: { number: 2, note },
    entries: chained
      .filter((e) => e.content.requestId === "r1")
      .map((e) => ({
        ...e,
        proof: e.content.seq <= signedSize ? inclusionProof(e.content.seq - 1, signedSize, mth).map((h) => h.toString("hex")) : null,
      })),
  };
}

describe("verifying a dossier with no database and no network", () => {
  it("proves each entry against the signed checkpoint, and says which entries only the chain covers", () => {
    const result = verifyDossier(dossier(4), verifierKey(NAME, ours.publicKey));
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, checkpoint: { number: 2, size: 4, signedAt: "2026-12-01T11:00:00.000Z" } });
    expect(result.lines).toContain("3 of 4 entries are proven to be in the signed log.");
    expect(result.lines).toContain("1 entry is newer than the checkpoint: covered by the hash chain only.");
  });

  it("fails when one byte of an entry changes, even with its hash recomputed", () => {
    const edited = dossier();
    edited.entries[1].content.after = edited.entries[1].content.after!.replace("PENDING", "PENDINH");
    expect(verifyDossier(edited).problems).toEqual(["Entry 2 (request.approve) does not match its hash: its content was changed."]);
    edited.entries[1].hash = entryHash(edited.entries[1].prevHash, edited.entries[1].content);
    expect(verifyDossier(edited).problems).toEqual(["Entry 2 (request.approve) is not in the log that checkpoint #2 signed."]);
  });

  it("fails when one byte of the file changes anywhere that is checked", () => {
    const text = JSON.stringify(dossier());
    for (const needle of ['"n\\":4', "request.create", '"seq":2']) {
      const at = text.indexOf(needle);
      expect(at, needle).toBeGreaterThan(0);
      const tampered =
        text.slice(0, at + needle.length - 1) +
        String.fromCharCode(text.charCodeAt(at + needle.length - 1) ^ 1) +
        text.slice(at + needle.length);
      expect(verifyDossier(JSON.parse(tampered)).ok, needle).toBe(false);
    }
  });

  it("refuses a checkpoint signed by another key, and a dossier naming a key you do not trust", () => {
    const forged = dossier(4, theirs);
    expect(verifyDossier(forged, verifierKey(NAME, ours.publicKey)).problems).toEqual([
      "The dossier names another key than the one you trust: it was not signed by your portal's log.",
    ]);
    forged.publicKey = verifierKey(NAME, ours.publicKey);
    expect(verifyDossier(forged).problems[0]).toMatch(/^Checkpoint #2 is refused/);
  });

  it("refuses entries about another request, and a file that is not a dossier", () => {
    const mixed = dossier();
    mixed.request.id = "r2";
    expect(verifyDossier(mixed).problems[0]).toBe("Entry 1 (request.create) is not about request r2.");
    expect(verifyDossier({ format: "something else" }).problems[0]).toMatch(/^The file is not a Stackport dossier/);
  });
});
