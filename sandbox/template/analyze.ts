// Static checks of a template, independent of parameter values: resource types exist in the
// CloudFormation resource specification, references resolve, Fn::GetAtt names real attributes,
// no dependency cycles; plus the capabilities the template needs. Results are cached by body.
import { createHash } from "node:crypto";
import { getResourceSpec, isKnownResourceType } from "../../lib/aws-spec";
import { TemplateError } from "../errors";
import { assertAcyclic, dependsOnList, resourceDependencies } from "./graph";
import { collectReferences, unresolved } from "./intrinsics";
import { parseTemplate, type Json, type Template } from "./parse";

export const PSEUDO_PARAMETERS = [
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
];

const IAM_NAME_PROPERTY: Record<string, string | undefined> = {
  "AWS::IAM::AccessKey": undefined,
  "AWS::IAM::Group": "GroupName",
  "AWS::IAM::InstanceProfile": "InstanceProfileName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::IAM::Policy": undefined,
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::UserToGroupAddition": undefined,
};

export interface AnalyzedTemplate {
  hash: string;
  body: string;
  template: Template;
  capabilities: string[];
  capabilitiesReason?: string;
  resourceTypes: string[];
  /** Conditions or Rules read AWS::StackName/StackId/NotificationARNs (so they differ per stack). */
  usesStackIdentity: boolean;
}

export const hashBody = (body: string) => createHash("sha256").update(body).digest("hex").slice(0, 32);

const isCustom = (type: string) => type.startsWith("Custom::") || type === "AWS::CloudFormation::CustomResource";

/** Whether `Fn::GetAtt` on a resource of `type` may name `attribute`. */
export function hasAttribute(type: string, attribute: string): boolean {
  if (isCustom(type)) return true;
  if (type === "AWS::CloudFormation::Stack" && attribute.startsWith("Outputs.")) return true;
  return getResourceSpec(type)?.attributes.includes(attribute) ?? false;
}

function checkReferences(t: Template): void {
  const resources = new Set(Object.keys(t.Resources));
  const known = new Set([...Object.keys(t.Parameters ?? {}), ...PSEUDO_PARAMETERS, ...resources]);
  const missing = new Set<string>();
  const sections: [string, Json | undefined][] = [
    ...Object.entries(t.Resources).map(
      ([id, r]) => [id, { p: r.Properties ?? null, m: r.Metadata ?? null, u: r.UpdatePolicy ?? null }] as [string, Json],
    ),
    ...Object.entries(t.Outputs ?? {}).map(([id, o]) => [id, o as unknown as Json] as [string, Json]),
  ];
  for (const [, node] of sections) {
    const refs = collectReferences(node);
    for (const r of refs.refs) if (!known.has(r)) missing.add(r);
    for (const [res, attr] of refs.getAtts) {
      if (!resources.has(res)) missing.add(res);
      else if (attr !== "*" && !hasAttribute(t.Resources[res].Type, attr)) {
        throw new TemplateError(`Template error: resource ${res} does not support attribute type ${attr} in Fn::GetAtt`);
      }
    }
  }
  for (const r of Object.values(t.Resources)) for (const d of dependsOnList(r.DependsOn)) if (!resources.has(d)) missing.add(d);
  if (missing.size) throw unresolved([...missing]);
  const conditions = new Set(Object.keys(t.Conditions ?? {}));
  for (const [id, r] of [...Object.entries(t.Resources), ...Object.entries(t.Outputs ?? {})]) {
    if (r.Condition !== undefined && !conditions.has(r.Condition)) {
      throw new TemplateError(
        `Template format error: Unresolved dependencies [${r.Condition}]. Cannot reference resources in the Conditions block of the template (${id})`,
      );
    }
  }
}

function requiredCapabilities(t: Template): { capabilities: string[]; reason?: string } {
  const iam = Object.values(t.Resources).filter((r) => r.Type in IAM_NAME_PROPERTY);
  if (!iam.length) return { capabilities: [] };
  const named = iam.some((r) => {
    const prop = IAM_NAME_PROPERTY[r.Type];
    return prop !== undefined && r.Properties?.[prop] !== undefined;
  });
  const types = [...new Set(iam.map((r) => r.Type))];
  return {
    capabilities: [named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM"],
    reason: `The following resource(s) require capabilities: [${types.join(", ")}]`,
  };
}

function analyze(body: string): AnalyzedTemplate {
  const t = parseTemplate(body);
  const unknownTypes = [...new Set(Object.values(t.Resources).map((r) => r.Type))].filter(
    (type) => !isCustom(type) && !isKnownResourceType(type),
  );
  if (unknownTypes.length) throw new TemplateError(`Template format error: Unrecognized resource types: [${unknownTypes.join(", ")}]`);
  checkReferences(t);
  // Cycles are a property of the template, whatever the conditions select.
  assertAcyclic(resourceDependencies(t, Object.keys(t.Resources)));
  const caps = requiredCapabilities(t);
  return {
    hash: hashBody(body),
    body,
    template: t,
    capabilities: caps.capabilities,
    capabilitiesReason: caps.reason,
    resourceTypes: [...new Set(Object.values(t.Resources).map((r) => r.Type))],
    usesStackIdentity: /AWS::(StackName|StackId|NotificationARNs)/.test(JSON.stringify([t.Conditions ?? null, t.Rules ?? null])),
  };
}

const cache = new Map<string, AnalyzedTemplate>();
const CACHE_LIMIT = 64;

/** Parses and checks a body once; repeated bodies (500 stacks of one blueprint) hit the cache. */
export function analyzeTemplate(body: string): AnalyzedTemplate {
  const hash = hashBody(body);
  const hit = cache.get(hash);
  if (hit) return hit;
  const result = analyze(body);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(hash, result);
  return result;
}

/** For bodies already stored by hash: skips re-hashing on every lookup. */
export function analyzeStored(hash: string, body: string): AnalyzedTemplate {
  return cache.get(hash) ?? analyzeTemplate(body);
}

/** Capability check shared by CreateStack, UpdateStack and CreateChangeSet. */
export function missingCapabilities(required: string[], given: string[]): string[] {
  if (!required.length) return [];
  if (required.includes("CAPABILITY_NAMED_IAM")) return given.includes("CAPABILITY_NAMED_IAM") ? [] : ["CAPABILITY_NAMED_IAM"];
  return given.includes("CAPABILITY_IAM") || given.includes("CAPABILITY_NAMED_IAM") ? [] : required;
}
