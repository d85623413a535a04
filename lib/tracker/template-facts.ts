import { activeResources, createResolveContext } from "../render";
import type { JsonObject } from "../catalog";

// Facts about a revision's template that the executor and tracker need. Pure.

const PROTECTED_TYPES = ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::S3::Bucket"];

export function parameterMap(parametersJson: string): Record<string, string> {
  return Object.fromEntries(
    (JSON.parse(parametersJson) as { ParameterKey: string; ParameterValue: string }[]).map((p) => [p.ParameterKey, p.ParameterValue]),
  );
}

/** Resources the stack will have under these parameter values (conditions applied). */
export function expectedResources(body: string, parametersJson: string): { logicalId: string; type: string }[] {
  const template = JSON.parse(body) as JsonObject;
  const ctx = createResolveContext(template, parameterMap(parametersJson));
  return [...activeResources(template, ctx)].map(([logicalId, r]) => ({ logicalId, type: String(r.Type) }));
}

export function expectedOutputs(body: string): string[] {
  const template = JSON.parse(body) as { Outputs?: Record<string, { Condition?: string }> };
  return Object.keys(template.Outputs ?? {});
}

/** The stateful resources a stack policy protects from replacement and deletion. */
export function protectedResources(body: string): string[] {
  const template = JSON.parse(body) as { Resources?: Record<string, { Type?: string }> };
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => PROTECTED_TYPES.includes(String(r.Type)))
    .map(([id]) => id);
}

/** Deny Update:Replace and Update:Delete on the data; allow everything else. */
export function stackPolicy(protectedIds: string[], allowReplaceOf: string[] = []) {
  const denied = protectedIds.filter((id) => !allowReplaceOf.includes(id));
  return {
    Statement: [
      { Effect: "Allow", Action: "Update:*", Principal: "*", Resource: "*" },
      ...(denied.length
        ? [
            {
              Effect: "Deny",
              Action: ["Update:Replace", "Update:Delete"],
              Principal: "*",
              Resource: denied.map((id) => `LogicalResourceId/${id}`),
            },
          ]
        : []),
    ],
  };
}

/** In plain language, what a change-set replacement means for a resource type. */
export function replacementNote(resourceType: string, replacement: string): string | null {
  if (replacement !== "True" && replacement !== "Conditional") return null;
  const maybe = replacement === "Conditional" ? "may be" : "will be";
  switch (resourceType) {
    case "AWS::RDS::DBInstance":
      return `The database ${maybe} replaced — data is restored from a snapshot only.`;
    case "AWS::ElastiCache::ReplicationGroup":
      return `The session cache ${maybe} replaced — signed-in users are signed out.`;
    case "AWS::S3::Bucket":
      return `The uploads bucket ${maybe} replaced — objects are not copied.`;
    case "AWS::EC2::LaunchTemplate":
      return null;
    default:
      return `This resource ${maybe} replaced (a new one is created, then the old one deleted).`;
  }
}
