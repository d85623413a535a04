import "server-only";
import type { Tx } from "../db";
import { appendAudit, type Actor } from "../audit/append";
import { canonicalJson } from "../render";
import type { RenderResult } from "../render";

/** Revisions are numbered per client, in the order they were proposed. */
export async function nextRevisionNumber(tx: Tx, clientId: string): Promise<number> {
  const last = await tx.templateRevision.findFirst({ where: { clientId }, orderBy: { number: "desc" }, select: { number: true } });
  return (last?.number ?? 0) + 1;
}

export interface RevisionContent {
  body: string;
  parameters: string;
  tags: string;
  sha256: string;
  sizeId: string;
  blueprintVersion: string | null;
  inputsDigest: string | null;
}

export function revisionContent(rendered: RenderResult, sizeId: string): RevisionContent {
  return {
    body: rendered.body,
    parameters: canonicalJson(rendered.parameters),
    tags: canonicalJson(rendered.tags),
    sha256: rendered.sha256,
    sizeId,
    blueprintVersion: rendered.blueprintVersion,
    inputsDigest: rendered.inputsDigest,
  };
}

/** The content of an existing revision, for a request that applies it again (re-apply, recreate). */
export function copyRevisionContent(source: RevisionContent): RevisionContent {
  return {
    body: source.body,
    parameters: source.parameters,
    tags: source.tags,
    sha256: source.sha256,
    sizeId: source.sizeId,
    blueprintVersion: source.blueprintVersion,
    inputsDigest: source.inputsDigest,
  };
}

/** Writes an immutable revision and its audit entry; revisions are never updated afterwards. */
export async function createRevision(
  tx: Tx,
  actor: Actor,
  input: { clientId: string; number: number; requestId: string; content: RevisionContent },
) {
  const revision = await tx.templateRevision.create({
    data: { clientId: input.clientId, number: input.number, requestId: input.requestId, ...input.content },
  });
  await appendAudit(tx, {
    actor,
    action: "revision.create",
    entityType: "TemplateRevision",
    entityId: revision.id,
    clientId: input.clientId,
    after: {
      number: revision.number,
      sha256: revision.sha256,
      sizeId: revision.sizeId,
      blueprintVersion: revision.blueprintVersion,
      requestId: input.requestId,
    },
  });
  return revision;
}
