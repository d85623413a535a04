import { describe, expect, it } from "vitest";
import { manifestChanges, manifestHash, manifestText, type ManifestEntry } from "./manifest";

const sha = (c: string) => c.repeat(64);
const entries: ManifestEntry[] = [
  { clientId: "c2", baseSha256: sha("a"), newSha256: sha("b"), changeSetId: "cs-2" },
  { clientId: "c1", baseSha256: sha("c"), newSha256: sha("d"), changeSetId: "cs-1" },
];

describe("the rollout manifest", () => {
  it("is sorted by client, one line each", () => {
    expect(manifestText(entries)).toBe(`c1 ${sha("c")} ${sha("d")} cs-1\nc2 ${sha("a")} ${sha("b")} cs-2\n`);
  });

  it("hashes the same whatever order the entries come in", () => {
    expect(manifestHash(entries)).toBe(manifestHash([...entries].reverse()));
    expect(manifestHash(entries)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["a base revision", { baseSha256: sha("e") }],
    ["a new revision", { newSha256: sha("e") }],
    ["a change set", { changeSetId: "cs-9" }],
  ])("changes its hash when %s moves", (_what, change) => {
    const moved = [{ ...entries[0], ...change }, entries[1]];
    expect(manifestHash(moved)).not.toBe(manifestHash(entries));
    expect(manifestChanges(entries, moved)).toEqual(["c2"]);
  });

  it("changes its hash when a client is added or dropped", () => {
    expect(manifestHash(entries.slice(1))).not.toBe(manifestHash(entries));
    expect(manifestChanges(entries, entries.slice(1))).toEqual(["c2"]);
  });

  it("refuses fields that could make two manifests read alike", () => {
    expect(() => manifestText([{ ...entries[0], changeSetId: "cs 2" }])).toThrow(/white space/);
    expect(() => manifestText([{ ...entries[0], changeSetId: "" }])).toThrow(/empty/);
    expect(() => manifestText([entries[0], entries[0]])).toThrow(/twice/);
  });
});
