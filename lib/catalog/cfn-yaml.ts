// CloudFormation YAML → plain JSON objects in long form ({ "Fn::If": [...] }, { Ref: ... }), so
// everything downstream (render, validate, guardrails, the sandbox) handles one representation.
import { parse, type ScalarTag, type CollectionTag, type YAMLMap, type YAMLSeq } from "yaml";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const FUNCTIONS: Record<string, string> = {
  Ref: "Ref",
  Condition: "Condition",
  GetAtt: "Fn::GetAtt",
  Sub: "Fn::Sub",
  If: "Fn::If",
  Equals: "Fn::Equals",
  Not: "Fn::Not",
  And: "Fn::And",
  Or: "Fn::Or",
  Select: "Fn::Select",
  Split: "Fn::Split",
  Join: "Fn::Join",
  GetAZs: "Fn::GetAZs",
  FindInMap: "Fn::FindInMap",
  Base64: "Fn::Base64",
  Cidr: "Fn::Cidr",
  ImportValue: "Fn::ImportValue",
  Transform: "Fn::Transform",
  Length: "Fn::Length",
  ToJsonString: "Fn::ToJsonString",
};

function scalarTag(short: string, long: string): ScalarTag {
  return {
    tag: `!${short}`,
    // `!GetAtt Res.Attr.Sub` is the scalar form of ["Res", "Attr.Sub"]: split at the first dot only.
    resolve: (value: string) => {
      if (short === "GetAtt") {
        const dot = value.indexOf(".");
        return { [long]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { [long]: value };
    },
  };
}

function collectionTag(short: string, long: string, collection: "seq" | "map"): CollectionTag {
  return {
    tag: `!${short}`,
    collection,
    resolve: (node: YAMLSeq | YAMLMap) => ({ [long]: node.toJSON() }) as never,
  };
}

const customTags = Object.entries(FUNCTIONS).flatMap(([short, long]) => [
  scalarTag(short, long),
  collectionTag(short, long, "seq"),
  collectionTag(short, long, "map"),
]);

/** Parse a CloudFormation template (YAML or JSON text). Throws with the line on syntax errors. */
export function parseCfnYaml(text: string): JsonObject {
  // CloudFormation (and cfn-lint) read YAML 1.1, where bare yes/no/on/off are booleans; match them.
  const value = parse(text, { customTags, version: "1.1", uniqueKeys: true, maxAliasCount: 100 }) as unknown;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error("template is not a YAML mapping");
  }
  return value as JsonObject;
}

/** Recursively freeze a parsed structure so cached templates can be shared between renders safely. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
