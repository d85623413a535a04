import { describe, expect, it } from "vitest";
import { diffLines, diffStats, hunks, prettyJson } from "./index";

const apply = (lines: ReturnType<typeof diffLines>, side: "old" | "new") =>
  lines
    .filter((l) => l.kind === "same" || l.kind === (side === "old" ? "del" : "add"))
    .map((l) => l.text)
    .join("\n");

describe("diffLines", () => {
  it.each([
    ["", ""],
    ["a", ""],
    ["", "a"],
    ["a\nb\nc", "a\nb\nc"],
    ["a\nb\nc", "a\nx\nc"],
    ["a\nb\nc\nd", "b\nc\nd\ne"],
    ["one\ntwo\nthree\nfour\nfive", "zero\none\nthree\nfour\nsix\nfive"],
  ])("reconstructs both sides of %j → %j", (a, b) => {
    const lines = diffLines(a, b);
    expect(apply(lines, "old")).toBe(a);
    expect(apply(lines, "new")).toBe(b);
  });

  it("marks exactly the changed line in a long document", () => {
    const old = Array.from({ length: 500 }, (_, i) => `line ${i}`).join("\n");
    const changed = old.replace("line 250", "line 250 changed");
    const lines = diffLines(old, changed);
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
    expect(lines.find((l) => l.kind === "del")).toMatchObject({ text: "line 250", oldLine: 251 });
    expect(lines.find((l) => l.kind === "add")).toMatchObject({ text: "line 250 changed", newLine: 251 });
  });
});

describe("hunks", () => {
  it("keeps context around changes and folds the rest", () => {
    const old = Array.from({ length: 20 }, (_, i) => `l${i}`).join("\n");
    const lines = diffLines(old, old.replace("l10", "L10"));
    const [hunk, ...rest] = hunks(lines, 2);
    expect(rest).toHaveLength(0);
    expect(hunk.skippedBefore).toBe(8);
    expect(hunk.lines.map((l) => l.text)).toEqual(["l8", "l9", "l10", "L10", "l11", "l12"]);
  });
});

describe("prettyJson", () => {
  it("sorts keys so key order never shows as a change", () => {
    expect(prettyJson('{"b":1,"a":{"d":2,"c":3}}')).toBe(prettyJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});
