// Parameter values: defaults, UsePreviousValue, constraints (AllowedValues, AllowedPattern,
// Min/MaxLength, Min/MaxValue), NoEcho, and SSM parameter types resolved to plausible values.
import { createHash } from "node:crypto";
import { TemplateError } from "../errors";
import type { Json, ParameterDecl } from "./parse";
import { has } from "../own";

export interface ParameterInput {
  key: string;
  value?: string;
  usePrevious?: boolean;
}

export interface ParameterValue {
  key: string;
  value: string;
  /** For SSM parameter types: the value CloudFormation read from Parameter Store. */
  resolved?: string;
  noEcho?: boolean;
}

const AWS_TYPES =
  /^(List<)?AWS::(EC2::(AvailabilityZone::Name|Image::Id|Instance::Id|KeyPair::KeyName|SecurityGroup::GroupName|SecurityGroup::Id|Subnet::Id|Volume::Id|VPC::Id)|Route53::HostedZone::Id)>?$/;
const SSM_TYPE = /^AWS::SSM::Parameter::Value<(.+)>$/;

function checkType(key: string, type: string): void {
  if (["String", "Number", "List<Number>", "CommaDelimitedList", "AWS::SSM::Parameter::Name"].includes(type)) return;
  if (AWS_TYPES.test(type) || SSM_TYPE.test(type)) return;
  throw new TemplateError(`Template format error: Unrecognized parameter type: ${type} (parameter ${key})`);
}

const isTrue = (v: unknown) => v === true || v === "true" || v === "True";

export const isNoEcho = (decl: ParameterDecl) => isTrue(decl.NoEcho);

/** A deterministic stand-in for what Parameter Store would hold under `name`. */
function resolveSsm(name: string, inner: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  if (inner === "AWS::EC2::Image::Id") return `ami-${h.slice(0, 17)}`;
  if (inner.startsWith("List<") || inner === "CommaDelimitedList") return `${h.slice(0, 8)},${h.slice(8, 16)}`;
  return `ssm-${h.slice(0, 12)}`;
}

function constraintError(key: string, decl: ParameterDecl, fallback: string): TemplateError {
  return new TemplateError(
    decl.ConstraintDescription ? `Parameter '${key}' failed to satisfy constraint: ${decl.ConstraintDescription}` : fallback,
  );
}

function validate(key: string, decl: ParameterDecl, value: string): void {
  const type = decl.Type;
  const items = type.startsWith("List<") || type === "CommaDelimitedList" ? value.split(",").map((s) => s.trim()) : [value];
  for (const item of items) {
    if (decl.AllowedValues && !decl.AllowedValues.map(String).includes(item)) {
      throw constraintError(key, decl, `Parameter '${key}' must be one of AllowedValues`);
    }
    if (decl.AllowedPattern !== undefined && !new RegExp(`^(?:${decl.AllowedPattern})$`).test(item)) {
      throw constraintError(key, decl, `Parameter '${key}' must match pattern ${decl.AllowedPattern}`);
    }
    if (decl.MinLength !== undefined && item.length < Number(decl.MinLength)) {
      throw constraintError(key, decl, `Parameter '${key}' must contain at least ${decl.MinLength} characters`);
    }
    if (decl.MaxLength !== undefined && item.length > Number(decl.MaxLength)) {
      throw constraintError(key, decl, `Parameter '${key}' must contain at most ${decl.MaxLength} characters`);
    }
    if (type === "Number" || type === "List<Number>") {
      const n = Number(item);
      if (item === "" || Number.isNaN(n)) throw new TemplateError(`Parameter '${key}' must be a number`);
      if (decl.MinValue !== undefined && n < Number(decl.MinValue)) {
        throw constraintError(key, decl, `Parameter '${key}' must be a number not less than ${decl.MinValue}`);
      }
      if (decl.MaxValue !== undefined && n > Number(decl.MaxValue)) {
        throw constraintError(key, decl, `Parameter '${key}' must be a number not greater than ${decl.MaxValue}`);
      }
    }
  }
}

/**
 * Resolves the values a create or update uses. `previous` holds the stack's current values for
 * UsePreviousValue; defaults apply to parameters that are not given.
 */
export function resolveParameters(
  decls: Record<string, ParameterDecl> | undefined,
  inputs: ParameterInput[],
  previous?: ParameterValue[],
): ParameterValue[] {
  const declared = decls ?? {};
  const unknown = inputs.filter((p) => !has(declared, p.key)).map((p) => p.key);
  if (unknown.length) throw new TemplateError(`Parameters: [${unknown.join(", ")}] do not exist in the template`);
  const given = new Map(inputs.map((p) => [p.key, p]));
  const missing: string[] = [];
  const out: ParameterValue[] = [];
  for (const [key, decl] of Object.entries(declared)) {
    checkType(key, decl.Type);
    const input = given.get(key);
    let value: string | undefined;
    if (input?.usePrevious) {
      const prev = previous?.find((p) => p.key === key);
      if (!prev)
        throw new TemplateError(
          `Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
        );
      value = prev.value;
    } else if (input?.value !== undefined) value = input.value;
    else if (decl.Default !== undefined) value = Array.isArray(decl.Default) ? decl.Default.join(",") : String(decl.Default);
    if (value === undefined) {
      missing.push(key);
      continue;
    }
    const ssm = decl.Type.match(SSM_TYPE);
    if (!ssm) validate(key, decl, value);
    out.push({ key, value, resolved: ssm ? resolveSsm(value, ssm[1]) : undefined, noEcho: isNoEcho(decl) || undefined });
  }
  if (missing.length) throw new TemplateError(`Parameters: [${missing.join(", ")}] must have values`);
  return out;
}

/** The value `Ref` yields for a parameter: lists split into arrays, SSM types their resolved value. */
export function parameterRefValues(decls: Record<string, ParameterDecl> | undefined, values: ParameterValue[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const p of values) {
    const type = decls?.[p.key]?.Type ?? "String";
    const inner = type.match(SSM_TYPE)?.[1] ?? type;
    const raw = p.resolved ?? p.value;
    out[p.key] = inner.startsWith("List<") || inner === "CommaDelimitedList" ? raw.split(",").map((s) => s.trim()) : raw;
  }
  return out;
}
