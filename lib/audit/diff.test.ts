import { describe, expect, it } from "vitest";
import { diffAuditDocuments, documentText } from "./diff";

const marks = (before: string | null, after: string | null) =>
  diffAuditDocuments(before, after).lines.map((l) => `${l.kind === "add" ? "+" : l.kind === "del" ? "-" : " "}${l.text}`);

describe("diffAuditDocuments", () => {
  it.each<[string, string | null, string | null, string[]]>([
    ["nothing on either side", null, null, []],
    ["a create (no before)", null, '{"role":"ENGINEER"}', ["+{", '+  "role": "ENGINEER"', "+}"]],
    ["a removal (no after)", '{"a":1}', null, ["-{", '-  "a": 1', "-}"]],
    [
      "one changed field",
      '{"role":"ENGINEER","name":"Eli"}',
      '{"name":"Eli","role":"AUDITOR"}',
      [" {", '   "name": "Eli",', '-  "role": "ENGINEER"', '+  "role": "AUDITOR"', " }"],
    ],
    [
      "key order only",
      '{"b":1,"a":{"d":2,"c":3}}',
      '{"a":{"c":3,"d":2},"b":1}',
      [" {", '   "a": {', '     "c": 3,', '     "d": 2', "   },", '   "b": 1', " }"],
    ],
    ["text that is not JSON", "plain old", "plain new", ['-"plain old"', '+"plain new"']],
  ])("%s", (_name, before, after, expected) => {
    expect(marks(before, after)).toEqual(expected);
  });

  it("counts added and removed lines", () => {
    expect(diffAuditDocuments('{"state":"PENDING","approvals":0}', '{"state":"APPROVED","approvals":1,"required":1}')).toMatchObject({
      added: 3,
      removed: 2,
    });
  });
});

describe("documentText", () => {
  it("pretty-prints with sorted keys, including nested arrays of objects", () => {
    expect(documentText('{"z":[{"y":1,"x":2}],"a":null}')).toBe(
      '{\n  "a": null,\n  "z": [\n    {\n      "x": 2,\n      "y": 1\n    }\n  ]\n}',
    );
  });
});
