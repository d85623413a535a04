// What every action handler gets: the state, the engine, the request's region and settings.
import { randomUUID } from "node:crypto";
import type { Engine } from "../engine/engine";
import { ACCOUNT_ID } from "../engine/instance";
import type { StackRecord } from "../engine/model";
import { stackNotFound, validationError } from "../errors";
import type { Faults } from "../faults";
import type { QueryParams } from "../http";
import type { Store } from "../store";
import type { Json } from "../template/parse";
import type { ChangeSetWorker } from "../changesets";
import type { DriftWorker } from "../drift";

export interface SandboxConfig {
  port: number;
  speed: number;
  pageSize: number;
  defaultRegion: string;
  stateFile?: string;
}

export interface ApiContext {
  store: Store;
  engine: Engine;
  faults: Faults;
  changeSets: ChangeSetWorker;
  drift: DriftWorker;
  config: SandboxConfig;
  region: string;
  /** The caller's account (from its credentials): other accounts' stacks are invisible to it. Unset for the sandbox's own control API. */
  accountId?: string;
}

export type Handler = (p: QueryParams, ctx: ApiContext) => Record<string, unknown> | undefined;

const isArn = (s: string) => s.startsWith("arn:");

export const accountOfArn = (arn: string): string => arn.split(":")[4] ?? "";

/** Whether a stack or change set (by its ARN) belongs to the caller's account and region (stack names are per region). */
export const visibleTo = (ctx: ApiContext, arn: string): boolean =>
  !ctx.accountId || (accountOfArn(arn) === ctx.accountId && arn.split(":")[3] === ctx.region);

/** A stack by name (live stacks only) or by stack id (deleted ones too), as CloudFormation resolves them. */
export function findStack(ctx: ApiContext, nameOrId: string): StackRecord | undefined {
  const stacks = ctx.store.stacks;
  if (isArn(nameOrId)) {
    const s = stacks[nameOrId];
    return s && visibleTo(ctx, s.stackId) ? s : undefined;
  }
  for (const s of Object.values(stacks))
    if (s.stackName === nameOrId && s.status !== "DELETE_COMPLETE" && visibleTo(ctx, s.stackId)) return s;
  return undefined;
}

export function requireStack(ctx: ApiContext, nameOrId: string): StackRecord {
  const s = findStack(ctx, nameOrId);
  if (!s) throw stackNotFound(nameOrId);
  return s;
}

export function newStackId(region: string, name: string, accountId = ACCOUNT_ID): string {
  return `arn:aws:cloudformation:${region}:${accountId}:stack/${name}/${randomUUID()}`;
}

export function checkStackName(name: string, field = "stackName"): void {
  if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(name) || name.length > 128) {
    throw validationError(
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
}

/** TemplateBody, or a clear refusal for TemplateURL (the sandbox has no S3 to fetch from). */
export function templateBodyFrom(p: QueryParams): string | undefined {
  if (p.str("TemplateURL")) throw validationError("TemplateURL is not supported by the Stackport sandbox; send TemplateBody");
  return p.str("TemplateBody");
}

/** Idempotency by ClientRequestToken: the first response is replayed for retries. */
export function idempotent(ctx: ApiContext, key: string | undefined, run: () => Record<string, Json>): Record<string, Json> {
  if (!key) return run();
  const hit = ctx.store.state.tokens[key];
  if (hit) return hit;
  const result = run();
  ctx.store.state.tokens[key] = result;
  ctx.store.touch();
  return result;
}

export const IN_PROGRESS = (status: string) => status.endsWith("_IN_PROGRESS") && status !== "REVIEW_IN_PROGRESS";
