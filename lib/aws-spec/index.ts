// Compact, read-only view of the official CloudFormation resource specification as shipped in
// `@aws-cdk/aws-service-spec` (db.json.gz). Pure: no `server-only`, usable from the sandbox, the
// render/validate code, the CLI and tests alike.
//
// The database is ~2.6 MB gzipped and ~200 ms to parse, so it is loaded lazily on the first lookup,
// synchronously (callers are synchronous validators), reduced to the few facts we need, and the
// parsed JSON is dropped so only the small index stays in memory.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";

export type Replacement = "Never" | "Always" | "Conditional";
export interface PropertySpec {
  required: boolean;
  replacement: Replacement;
}
export interface ResourceSpec {
  type: string;
  properties: Record<string, PropertySpec>;
  attributes: string[];
}

// Shape of the parts of db.json we read; everything else in the file is ignored.
interface RawProperty {
  required?: boolean;
  causesReplacement?: "yes" | "no" | "maybe";
}
interface RawResource {
  cloudFormationType: string;
  properties?: Record<string, RawProperty>;
  attributes?: Record<string, unknown>;
}
interface RawDatabase {
  schema?: { resource?: { entities?: RawResource[] } };
}

let index: Map<string, ResourceSpec> | undefined;

function locateDatabase(): string {
  // The package has no `exports` map, so its package.json is resolvable. A bundler (Next.js) may
  // rewrite require.resolve to a module id, so only trust an existing path; otherwise fall back to
  // the project's node_modules.
  const fallback = path.join(process.cwd(), "node_modules", "@aws-cdk", "aws-service-spec", "db.json.gz");
  try {
    const resolved: unknown = createRequire(import.meta.url).resolve("@aws-cdk/aws-service-spec/package.json");
    const candidate = typeof resolved === "string" ? path.join(path.dirname(resolved), "db.json.gz") : fallback;
    return existsSync(candidate) ? candidate : fallback;
  } catch {
    return fallback;
  }
}

function toReplacement(value: RawProperty["causesReplacement"]): Replacement {
  // The spec omits causesReplacement for properties that update in place.
  if (value === "yes") return "Always";
  if (value === "maybe") return "Conditional";
  return "Never";
}

function buildIndex(db: RawDatabase): Map<string, ResourceSpec> {
  const entities = db.schema?.resource?.entities;
  if (!Array.isArray(entities) || entities.length === 0) {
    throw new Error("@aws-cdk/aws-service-spec: db.json.gz has no schema.resource.entities; unsupported format");
  }
  const out = new Map<string, ResourceSpec>();
  for (const raw of entities) {
    const properties: Record<string, PropertySpec> = {};
    for (const [name, p] of Object.entries(raw.properties ?? {})) {
      properties[name] = { required: p.required === true, replacement: toReplacement(p.causesReplacement) };
    }
    const spec: ResourceSpec = {
      type: raw.cloudFormationType,
      properties: Object.freeze(properties) as Record<string, PropertySpec>,
      attributes: Object.freeze(Object.keys(raw.attributes ?? {}).sort()) as string[],
    };
    out.set(raw.cloudFormationType, Object.freeze(spec));
  }
  return out;
}

function load(): Map<string, ResourceSpec> {
  if (!index) {
    // Read at run time from node_modules; not something to trace into the build output.
    const json = gunzipSync(readFileSync(/*turbopackIgnore: true*/ locateDatabase())).toString("utf-8");
    index = buildIndex(JSON.parse(json) as RawDatabase);
  }
  return index;
}

/** The spec for a resource type such as "AWS::RDS::DBInstance", or undefined if CloudFormation has no such type. */
export function getResourceSpec(type: string): ResourceSpec | undefined {
  return load().get(type);
}

export function isKnownResourceType(type: string): boolean {
  return load().has(type);
}

/** Every resource type in the spec, sorted; for diagnostics ("did you mean") and tests. */
export function listResourceTypes(): string[] {
  return [...load().keys()].sort();
}
