import { describe, expect, it } from "vitest";
import { findSize, getBlueprint } from "../catalog";
import { templateView } from "../catalog/view";
import { tokenizeYaml } from "./tokenize";

const bp = getBlueprint("stateless-web")!;
const size = (id: string) => findSize(bp, id)!;

// The YAML it must handle is the catalog's own templates, as the template page shows them.
describe("highlighted template", () => {
  it("keeps every character of every line and finds keys, intrinsics and block scalars", () => {
    const { yaml } = templateView(bp, size("large"));
    const lines = tokenizeYaml(yaml);
    expect(lines.map((tokens) => tokens.map((t) => t.text).join(""))).toEqual(yaml.replace(/\n$/, "").split("\n"));
    const kinds = (i: number) => lines[i].filter((t) => t.kind !== "plain").map((t) => `${t.kind}:${t.text}`);
    const userData = yaml.split("\n").findIndex((l) => l.trim() === "#!/bin/bash");
    expect(kinds(userData)).toEqual([`string:${yaml.split("\n")[userData]}`]); // a shell comment inside a block scalar is string
    expect(
      lines
        .flat()
        .filter((t) => t.kind === "intrinsic")
        .map((t) => t.text),
    ).toEqual(expect.arrayContaining(["Ref", "Fn::GetAtt", "Fn::Sub", "Fn::If"]));
  });

  it.each<[string, string[]]>([
    ["# note", ["comment:# note"]],
    ["Key: value # why", ["key:Key", "punctuation::", "string:value", "comment:# why"]],
    ["- Port: 443", ["punctuation:-", "key:Port", "punctuation::", "number:443"]],
    ["Flag: true", ["key:Flag", "punctuation::", "boolean:true"]],
    ["Url: http://x#y", ["key:Url", "punctuation::", "string:http://x#y"]],
    ["\"a: b\": 'it''s'", ['key:"a: b"', "punctuation::", "string:'it''s'"]],
    ["Id: !GetAtt Db.Endpoint.Address", ["key:Id", "punctuation::", "intrinsic:!GetAtt", "string:Db.Endpoint.Address"]],
    ["List: [a, '1']", ["key:List", "punctuation::", "punctuation:[", "string:a", "punctuation:,", "string:'1'", "punctuation:]"]],
    ["Text: a, b", ["key:Text", "punctuation::", "string:a, b"]],
    ["<script>alert(1)</script>", ["string:<script>alert(1)</script>"]],
  ])("%s", (line, expected) => {
    expect(
      tokenizeYaml(line)[0]
        .filter((t) => t.kind !== "plain")
        .map((t) => `${t.kind}:${t.text}`),
    ).toEqual(expected);
  });
});
