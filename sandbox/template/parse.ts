// Template bodies in JSON or YAML. YAML short-form tags (!Ref, !GetAtt a.b, !Sub …) are expanded to
// their long form ({ "Ref": … }, { "Fn::GetAtt": [a, b] }) so the evaluator sees one syntax.
import YAML, { type Tags, type YAMLMap, type YAMLSeq } from "yaml";
import { TemplateError } from "../errors";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ParameterDecl {
  Type: string;
  Default?: Json;
  AllowedValues?: Json[];
  AllowedPattern?: string;
  MinLength?: number | string;
  MaxLength?: number | string;
  MinValue?: number | string;
  MaxValue?: number | string;
  NoEcho?: boolean | string;
  Description?: string;
  ConstraintDescription?: string;
}

export interface ResourceDecl {
  Type: string;
  Properties?: Record<string, Json>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Json;
  CreationPolicy?: Json;
  UpdatePolicy?: Json;
}

export interface OutputDecl {
  Value: Json;
  Description?: string;
  Condition?: string;
  Export?: { Name: Json };
}

export interface RuleDecl {
  RuleCondition?: Json;
  Assertions: { Assert: Json; AssertDescription?: string }[];
}

export interface Template {
  AWSTemplateFormatVersion?: string;
  Rules?: Record<string, RuleDecl>;
  Description?: string;
  Metadata?: Json;
  Transform?: Json;
  Parameters?: Record<string, ParameterDecl>;
  Mappings?: Record<string, Record<string, Record<string, Json>>>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, ResourceDecl>;
  Outputs?: Record<string, OutputDecl>;
}

const FUNCTIONS = [
  "Base64",
  "Cidr",
  "FindInMap",
  "GetAZs",
  "ImportValue",
  "Join",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "And",
  "Equals",
  "If",
  "Not",
  "Or",
  "ToJsonString",
  "Length",
  "Contains",
  "EachMemberEquals",
  "EachMemberIn",
  "RefAll",
  "ValueOf",
  "ValueOfAll",
];

function toJs(node: YAMLMap.Parsed | YAMLSeq.Parsed): Json {
  return node.toJSON() as Json;
}

function shortFormTags(): Tags {
  const tags: Tags = [];
  const add = (tag: string, wrap: (v: Json) => Json) => {
    tags.push({ tag, resolve: (s: string) => wrap(s) });
    tags.push({ tag, collection: "seq", resolve: (n) => wrap(toJs(n)) });
    tags.push({ tag, collection: "map", resolve: (n) => wrap(toJs(n)) });
  };
  add("!Ref", (v) => ({ Ref: v }));
  add("!Condition", (v) => ({ Condition: v }));
  // !GetAtt Res.Attr.Nested splits at the first dot only: the attribute name may contain dots.
  add("!GetAtt", (v) => {
    if (typeof v !== "string") return { "Fn::GetAtt": v };
    const dot = v.indexOf(".");
    return { "Fn::GetAtt": dot < 0 ? [v] : [v.slice(0, dot), v.slice(dot + 1)] };
  });
  for (const fn of FUNCTIONS) add(`!${fn}`, (v) => ({ [`Fn::${fn}`]: v }));
  return tags;
}

const TAGS = shortFormTags();

/** Parses a template body; errors carry CloudFormation's "Template format error" wording. */
export function parseTemplate(body: string): Template {
  let doc: unknown;
  const trimmed = body.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      doc = JSON.parse(body);
    } catch {
      throw new TemplateError("Template format error: JSON not well-formed.");
    }
  } else {
    const parsed = YAML.parseDocument(body, { customTags: TAGS, schema: "core", uniqueKeys: true, prettyErrors: false });
    if (parsed.errors.length) {
      const e = parsed.errors[0];
      const pos = e.linePos?.[0];
      throw new TemplateError(`Template format error: YAML not well-formed. ${pos ? `(line ${pos.line}, column ${pos.col})` : e.message}`);
    }
    doc = parsed.toJS({ maxAliasCount: 100 });
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new TemplateError("Template format error: unsupported structure.");
  }
  const t = doc as Template;
  if (!t.Resources || typeof t.Resources !== "object" || Object.keys(t.Resources).length === 0) {
    throw new TemplateError("Template format error: At least one Resources member must be defined.");
  }
  for (const [id, r] of Object.entries(t.Resources)) {
    if (!r || typeof r !== "object" || typeof r.Type !== "string") {
      throw new TemplateError(`Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`);
    }
    if (!/^[A-Za-z0-9]+$/.test(id)) {
      throw new TemplateError(`Template format error: Resource name ${id} is non alphanumeric.`);
    }
  }
  for (const [k, p] of Object.entries(t.Parameters ?? {})) {
    if (!p || typeof p !== "object" || typeof p.Type !== "string") {
      throw new TemplateError(`Template format error: Every Parameters object must contain a Type member. (${k})`);
    }
  }
  return t;
}
