import { describe, expect, it } from "vitest";
import { TemplateError } from "../errors";
import { cidrSubnets } from "./cidr";
import { collectReferences, evaluate, NO_VALUE, resolveConditions, Unknown, type EvalContext } from "./intrinsics";
import { parseTemplate, type Json } from "./parse";

const params: Record<string, Json> = {
  Env: "prod",
  Subnets: ["subnet-1", "subnet-2"],
  "AWS::Region": "eu-west-1",
  "AWS::StackName": "st",
  "AWS::AccountId": "123456789012",
};
const resources: Record<string, { id: string; attrs: Record<string, Json> }> = {
  Vpc: { id: "vpc-1", attrs: { CidrBlock: "10.0.0.0/16" } },
  Db: { id: "db-1", attrs: { "Endpoint.Address": "db.example", "Endpoint.Port": "5432" } },
};

function ctx(unknown: string[] = []): EvalContext {
  return {
    refValue: (n) => params[n],
    isResource: (n) => n in resources || unknown.includes(n),
    ref: (n) => (unknown.includes(n) ? new Unknown(n) : resources[n].id),
    getAtt: (n, a) => (unknown.includes(n) ? new Unknown(n) : resources[n].attrs[a]),
    condition: (n) =>
      ({ IsProd: true, IsDev: false })[n] ??
      (() => {
        throw new TemplateError(`no condition ${n}`);
      })(),
    mappings: { M: { prod: { Size: "large" } } },
    region: "eu-west-1",
    importValue: (n) => `imported-${n}`,
  };
}

describe("evaluate", () => {
  const cases: [string, Json, unknown][] = [
    ["Ref parameter", { Ref: "Env" }, "prod"],
    ["Ref pseudo", { Ref: "AWS::Region" }, "eu-west-1"],
    ["Ref resource", { Ref: "Vpc" }, "vpc-1"],
    ["GetAtt list form", { "Fn::GetAtt": ["Vpc", "CidrBlock"] }, "10.0.0.0/16"],
    ["GetAtt dotted attribute", { "Fn::GetAtt": ["Db", "Endpoint.Address"] }, "db.example"],
    ["Sub with refs and attributes", { "Fn::Sub": "${AWS::StackName}-${Env}-${Db.Endpoint.Port}" }, "st-prod-5432"],
    ["Sub literal escape", { "Fn::Sub": "${!Literal}-${Env}" }, "${Literal}-prod"],
    ["Sub with variables", { "Fn::Sub": ["${A}/${Vpc}", { A: { Ref: "Env" } }] }, "prod/vpc-1"],
    ["Sub list parameter", { "Fn::Sub": "${Subnets}" }, "subnet-1,subnet-2"],
    ["Join", { "Fn::Join": [",", [{ Ref: "Env" }, "x", 3]] }, "prod,x,3"],
    ["Join a list parameter", { "Fn::Join": ["|", { Ref: "Subnets" }] }, "subnet-1|subnet-2"],
    ["Select", { "Fn::Select": ["1", { Ref: "Subnets" }] }, "subnet-2"],
    ["Split", { "Fn::Split": ["/", "a/b/c"] }, ["a", "b", "c"]],
    ["GetAZs current region", { "Fn::GetAZs": "" }, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]],
    ["If true", { "Fn::If": ["IsProd", "big", "small"] }, "big"],
    ["If with NoValue", { a: { "Fn::If": ["IsDev", "x", { Ref: "AWS::NoValue" }] }, b: 1 }, { b: 1 }],
    ["NoValue in a list", [1, { "Fn::If": ["IsDev", 2, { Ref: "AWS::NoValue" }] }], [1]],
    ["Equals compares as strings", { "Fn::Equals": [80, "80"] }, true],
    [
      "And/Or/Not",
      { "Fn::And": [{ Condition: "IsProd" }, { "Fn::Not": [{ Condition: "IsDev" }] }, { "Fn::Or": [{ Condition: "IsDev" }, true] }] },
      true,
    ],
    ["FindInMap", { "Fn::FindInMap": ["M", { Ref: "Env" }, "Size"] }, "large"],
    ["Base64", { "Fn::Base64": { "Fn::Sub": "hi ${Env}" } }, Buffer.from("hi prod").toString("base64")],
    ["Cidr", { "Fn::Cidr": [{ "Fn::GetAtt": ["Vpc", "CidrBlock"] }, 3, 8] }, ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]],
    ["ImportValue", { "Fn::ImportValue": { "Fn::Sub": "${Env}-vpc" } }, "imported-prod-vpc"],
    ["Contains (rules)", { "Fn::Contains": [["a", "b"], "b"] }, true],
    [
      "EachMemberIn (rules)",
      {
        "Fn::EachMemberIn": [
          ["a", "b"],
          ["a", "b", "c"],
        ],
      },
      true,
    ],
    [
      "IAM policy Condition key is not a function",
      { Condition: { Bool: { "aws:SecureTransport": "false" } } },
      { Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  ];
  it.each(cases)("%s", (_name, node, expected) => {
    expect(evaluate(node, ctx())).toEqual(expected);
  });

  it("propagates Unknown through functions", () => {
    const c = ctx(["Sg"]);
    expect(evaluate({ Ref: "Sg" }, c)).toBeInstanceOf(Unknown);
    expect(evaluate({ "Fn::Sub": "${Sg}-x" }, c)).toBeInstanceOf(Unknown);
    expect(evaluate({ "Fn::Join": [",", [{ Ref: "Sg" }, "a"]] }, c)).toBeInstanceOf(Unknown);
    expect(evaluate({ "Fn::Select": [0, [{ Ref: "Sg" }]] }, c)).toBeInstanceOf(Unknown);
    expect((evaluate({ "Fn::Sub": "${Sg}" }, c) as Unknown).cause).toBe("Sg");
  });

  const errors: [string, Json, string][] = [
    ["unresolved Ref", { Ref: "Nope" }, "Unresolved resource dependencies [Nope]"],
    ["FindInMap miss", { "Fn::FindInMap": ["M", "dev", "Size"] }, "Unable to get mapping for M::dev::Size"],
    ["Select out of range", { "Fn::Select": [5, ["a"]] }, "Fn::Select cannot select nonexistent value at index 5"],
    ["Cidr too many", { "Fn::Cidr": ["10.0.0.0/24", 4, 7] }, "cannot fit 4 subnets"],
  ];
  it.each(errors)("throws for %s", (_name, node, message) => {
    expect(() => evaluate(node, ctx())).toThrow(message);
  });
});

describe("conditions", () => {
  const base = {
    refValue: (n: string) => params[n],
    isResource: () => false,
    ref: () => null,
    getAtt: () => null,
    mappings: {},
    region: "eu-west-1",
    importValue: () => null,
  };
  it("resolves nested conditions", () => {
    const out = resolveConditions(
      {
        IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] },
        IsEu: { "Fn::Equals": [{ Ref: "AWS::Region" }, "eu-west-1"] },
        Both: { "Fn::And": [{ Condition: "IsProd" }, { Condition: "IsEu" }] },
        Neither: { "Fn::Not": [{ Condition: "Both" }] },
      },
      base,
    );
    expect(out).toEqual({ IsProd: true, IsEu: true, Both: true, Neither: false });
  });
  it("detects condition cycles", () => {
    expect(() => resolveConditions({ A: { "Fn::Not": [{ Condition: "B" }] }, B: { "Fn::Not": [{ Condition: "A" }] } }, base)).toThrow(
      /circular/,
    );
  });
});

describe("collectReferences", () => {
  it("finds Ref, GetAtt and Sub references, following only the branch a condition selects", () => {
    const node: Json = {
      A: { Ref: "Vpc" },
      B: { "Fn::Sub": ["${Db.Endpoint.Address}:${Port}:${!Skip}", { Port: { Ref: "PortParam" } }] },
      C: { "Fn::If": ["IsProd", { Ref: "Big" }, { Ref: "Small" }] },
    };
    const all = collectReferences(node);
    expect([...all.refs].sort()).toEqual(["Big", "PortParam", "Small", "Vpc"]);
    expect(all.getAtts).toEqual([["Db", "Endpoint.Address"]]);
    const prod = collectReferences(node, { IsProd: true });
    expect([...prod.refs].sort()).toEqual(["Big", "PortParam", "Vpc"]);
  });
});

describe("parseTemplate", () => {
  it("expands YAML short-form tags", () => {
    const t = parseTemplate(`
Resources:
  X:
    Type: AWS::SNS::Topic
    Properties:
      A: !GetAtt Db.Endpoint.Address
      B: !Sub ["\${x}", { x: !Ref Env }]
      C: !If [IsProd, !Select [0, !GetAZs ""], !Ref "AWS::NoValue"]
      D: !Base64 { "Fn::Join": ["", [a, b]] }
      E: !Equals [!Ref Env, prod]
      F: 2010-09-09
`);
    expect(t.Resources.X.Properties).toEqual({
      A: { "Fn::GetAtt": ["Db", "Endpoint.Address"] },
      B: { "Fn::Sub": ["${x}", { x: { Ref: "Env" } }] },
      C: { "Fn::If": ["IsProd", { "Fn::Select": [0, { "Fn::GetAZs": "" }] }, { Ref: "AWS::NoValue" }] },
      D: { "Fn::Base64": { "Fn::Join": ["", ["a", "b"]] } },
      E: { "Fn::Equals": [{ Ref: "Env" }, "prod"] },
      F: "2010-09-09",
    });
  });
  it("rejects malformed templates with CloudFormation's wording", () => {
    expect(() => parseTemplate("{ nope")).toThrow("Template format error: JSON not well-formed.");
    expect(() => parseTemplate("Resources:\n  X: {}\n")).toThrow("Every Resources object must contain a Type member.");
    expect(() => parseTemplate("Resources:\n  my-bucket:\n    Type: AWS::S3::Bucket\n")).toThrow(
      "Resource name my-bucket is non alphanumeric.",
    );
  });
});

describe("cidrSubnets", () => {
  it.each([
    ["10.0.0.0/16", 2, 8, ["10.0.0.0/24", "10.0.1.0/24"]],
    ["10.0.0.0/16", 3, 10, ["10.0.0.0/22", "10.0.4.0/22", "10.0.8.0/22"]],
    ["192.168.1.77/24", 2, 4, ["192.168.1.0/28", "192.168.1.16/28"]],
  ] as const)("%s count %d bits %d", (block, count, bits, expected) => {
    expect(cidrSubnets(block, count, bits)).toEqual(expected);
  });
});

it("NO_VALUE is a symbol that never leaks into results", () => {
  expect(evaluate({ x: { Ref: "AWS::NoValue" } }, ctx())).toEqual({});
  expect(typeof NO_VALUE).toBe("symbol");
});
