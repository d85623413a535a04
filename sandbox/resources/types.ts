// What a simulated resource type provides: a physical id, Fn::GetAtt values, and how long its
// create/update/delete take (in simulated seconds; SANDBOX_SPEED divides them).
import { randomBytes } from "node:crypto";
import type { Json } from "../template/parse";

export interface ResourceContext {
  stackName: string;
  stackId: string;
  region: string;
  accountId: string;
  logicalId: string;
  type: string;
  properties: Record<string, Json>;
  /** Physical id and attributes before an in-place update (e.g. to bump a version number). */
  previous?: { physicalId?: string; attributes: Record<string, Json> };
}

export interface Durations {
  create: number;
  update: number;
  delete: number;
}

export interface ResourceBehavior {
  physicalId?(ctx: ResourceContext): string;
  attributes?(ctx: ResourceContext, physicalId: string): Record<string, Json>;
  /** After an in-place update attributes are kept; this returns the ones that change. */
  updatedAttributes?(ctx: ResourceContext, physicalId: string): Record<string, Json>;
  durations?: Partial<Durations>;
  duration?(ctx: ResourceContext, action: keyof Durations): number | undefined;
  /** The property that holds a custom name; replacing a custom-named resource fails. */
  nameProperty?: string;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// One randomBytes call per 4 KiB instead of one per id: ids are minted by the thousand.
let pool = randomBytes(4096);
let offset = 0;
function take(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  offset += n;
  return pool.subarray(offset - n, offset);
}

/** CloudFormation's random suffix: upper-case letters and digits. */
export function suffix(length = 12): string {
  const bytes = take(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i] % ALNUM.length];
  return out;
}

export const hex = (length: number) =>
  take(Math.ceil(length / 2))
    .toString("hex")
    .slice(0, length);

/** `stack-Logical-SUFFIX`, with stack and logical id truncated the way CloudFormation does to fit `max`. */
export function generatedName(ctx: ResourceContext, max = 64, opts: { lower?: boolean; sep?: string } = {}): string {
  const sep = opts.sep ?? "-";
  const sfx = suffix(12);
  const room = Math.max(2, max - sfx.length - 2 * sep.length);
  let stack = ctx.stackName;
  let logical = ctx.logicalId;
  if (stack.length + logical.length > room) {
    const half = Math.floor(room / 2);
    stack = stack.slice(0, Math.max(1, room - Math.min(logical.length, half)));
    logical = logical.slice(0, room - stack.length);
  }
  const name = `${stack}${sep}${logical}${sep}${sfx}`;
  return opts.lower ? name.toLowerCase() : name;
}

/** A custom name from `prop` if the template set one, else a generated name. */
export function nameFrom(ctx: ResourceContext, prop: string, max = 64, opts: { lower?: boolean } = {}): string {
  const v = ctx.properties[prop];
  return typeof v === "string" && v !== "" ? v : generatedName(ctx, max, opts);
}

export const arn = (ctx: ResourceContext, service: string, resource: string, opts: { region?: boolean; account?: boolean } = {}) =>
  `arn:aws:${service}:${opts.region === false ? "" : ctx.region}:${opts.account === false ? "" : ctx.accountId}:${resource}`;

export const str = (v: Json | undefined, fallback = ""): string => (v === undefined || v === null ? fallback : String(v));
