// ListExports and ListImports: the caller's own account and region only.
import { ACCOUNT_ID } from "../engine/instance";
import { validationError } from "../errors";
import { paginate } from "../http";
import type { Handler } from "./context";

const listExports: Handler = (p, ctx) => {
  const all = ctx.engine.exports.list(ctx.accountId ?? ACCOUNT_ID, ctx.region);
  const { page, nextToken } = paginate(all, p.str("NextToken"), ctx.config.pageSize, (e) => e.name);
  return {
    Exports: page.map((e) => ({ ExportingStackId: e.stack.stackId, Name: e.name, Value: e.value })),
    NextToken: nextToken,
  };
};

const listImports: Handler = (p, ctx) => {
  const name = p.req("ExportName");
  const exported = ctx.engine.exports.list(ctx.accountId ?? ACCOUNT_ID, ctx.region).find((e) => e.name === name);
  const importers = exported ? ctx.engine.exports.importers(name, exported.stack, exported.stack) : [];
  if (!importers.length) throw validationError(`Export '${name}' is not imported by any stack.`);
  const { page, nextToken } = paginate(importers, p.str("NextToken"), ctx.config.pageSize, (n) => n);
  return { Imports: page, NextToken: nextToken };
};

export const exportActions: Record<string, Handler> = { ListExports: listExports, ListImports: listImports };
