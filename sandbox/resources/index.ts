// Simulation of resource types: richer behaviour for the types our blueprints use, and a generic
// fallback that accepts any type of the resource specification.
import { compute } from "./compute";
import { data } from "./data";
import { network } from "./network";
import { arn, generatedName, type Durations, type ResourceBehavior, type ResourceContext } from "./types";
import type { Json } from "../template/parse";

export type { ResourceContext } from "./types";

const BEHAVIORS: Record<string, ResourceBehavior> = { ...network, ...compute, ...data };

const GENERIC: Durations = { create: 10, update: 10, delete: 10 };

/** Delay between *_IN_PROGRESS and "Resource creation Initiated", in simulated seconds. */
export const INITIATE_SECONDS = 1;

export function behaviorOf(type: string): ResourceBehavior {
  return BEHAVIORS[type] ?? {};
}

export function physicalIdFor(ctx: ResourceContext): string {
  return behaviorOf(ctx.type).physicalId?.(ctx) ?? generatedName(ctx, 128);
}

export function attributesFor(ctx: ResourceContext, physicalId: string): Record<string, Json> {
  return behaviorOf(ctx.type).attributes?.(ctx, physicalId) ?? {};
}

export function updatedAttributesFor(ctx: ResourceContext, physicalId: string): Record<string, Json> {
  return behaviorOf(ctx.type).updatedAttributes?.(ctx, physicalId) ?? {};
}

export function durationFor(ctx: ResourceContext, action: keyof Durations): number {
  const b = behaviorOf(ctx.type);
  return b.duration?.(ctx, action) ?? b.durations?.[action] ?? GENERIC[action];
}

export function nameProperty(type: string): string | undefined {
  return behaviorOf(type).nameProperty;
}

const serviceOf = (type: string) => type.split("::")[1]?.toLowerCase() ?? "unknown";

/**
 * A stable, plausible value for an attribute the simulation did not store (any attribute the
 * specification lists for a generic type). Derived from the physical id, so it never changes.
 */
export function genericAttribute(type: string, physicalId: string, attribute: string, region: string, accountId: string): Json {
  const leaf = attribute.split(".").pop()!;
  if (/Arns?$/.test(leaf) || leaf === "Arn") {
    if (physicalId.startsWith("arn:")) return physicalId;
    const ctx = { region, accountId } as ResourceContext;
    return arn(ctx, serviceOf(type), `${type.split("::")[2]?.toLowerCase() ?? "resource"}/${physicalId}`);
  }
  if (/(Id|Name|Identifier)$/.test(leaf)) return physicalId;
  if (/Port$/.test(leaf)) return "443";
  if (/(Address|Endpoint|Url|URL|DomainName|DnsName|DNSName)$/.test(leaf))
    return `${physicalId.toLowerCase().replace(/[^a-z0-9-]/g, "-")}.${serviceOf(type)}.${region}.amazonaws.com`;
  if (/(Ids|Names|Arns|List|Addresses|Entries|Blocks|Groups|Associations)$/.test(leaf)) return [];
  return `${physicalId}-${leaf}`;
}
