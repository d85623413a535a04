import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { verifyAuditChain } from "../audit/verify";
import { attachChangeSet, makeUser, markLive, uniqueClientName } from "../../test/support/fixtures";
import { onboardClient } from "./onboard-client";
import { requestDecommission } from "./request-decommission";
import { requestReapply } from "./request-reapply";
import { requestResize } from "./request-resize";
import { approveRequest, cancelRequest, rejectRequest } from "./decide";
import { rerenderRequest } from "./rerender";

let am: SessionUser, eng1: SessionUser, eng2: SessionUser, auditor: SessionUser;

beforeAll(async () => {
  [am, eng1, eng2, auditor] = await Promise.all([
    makeUser("ACCOUNT_MANAGER"),
    makeUser("ENGINEER"),
    makeUser("ENGINEER"),
    makeUser("AUDITOR"),
  ]);
});
afterAll(async () => {
  await db.$disconnect();
});

const onboard = (sizeId = "medium", displayName = uniqueClientName()) =>
  onboardClient(am, { displayName, environment: "production", region: "us-east-1", blueprintId: "stateless-web", sizeId });

async function liveClient(sizeId = "medium") {
  const request = await onboard(sizeId);
  await approveRequest(eng1, { requestId: request.id, version: request.version });
  if (sizeId === "large" || sizeId === "enterprise") await approveRequest(eng2, { requestId: request.id, version: request.version + 1 });
  await markLive(request.id);
  return db.client.findUniqueOrThrow({ where: { id: request.clientId } });
}

describe("onboarding", () => {
  it("writes the client, revision 1, the request and their audit entries together", async () => {
    const request = await onboard();
    const client = await db.client.findUniqueOrThrow({ where: { id: request.clientId }, include: { revisions: true } });
    expect(client).toMatchObject({ status: "PENDING", sizeId: "medium", environment: "production" });
    expect(client.revisions).toHaveLength(1);
    expect(client.revisions[0]).toMatchObject({ number: 1, requestId: request.id });
    expect(client.revisions[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(request).toMatchObject({ kind: "CREATE", state: "PENDING", requiredApprovals: 1, revisionId: client.revisions[0].id });
    const actions = (await db.auditEntry.findMany({ where: { clientId: client.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["client.create", "request.create", "revision.create"]);
  });

  it("refuses a duplicate client name on the name field, writing nothing", async () => {
    const name = uniqueClientName("Acme");
    await onboard("medium", name);
    const before = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    const error = await onboard("medium", name.toUpperCase()).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.displayName?.[0]).toMatch(/already exists/);
    expect((await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq).toBe(before.seq);
  });

  it("refuses a production client smaller than the blueprint allows, on the size field", async () => {
    const error = await onboard("small").catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors)).toContain("sizeId");
  });
});

describe("four-eyes approval", () => {
  it("never lets the requester or an account manager approve", async () => {
    const request = await onboard();
    await expect(approveRequest(am, { requestId: request.id, version: request.version })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approveRequest(auditor, { requestId: request.id, version: request.version })).rejects.toBeInstanceOf(ForbiddenError);
    const engineersOwn = await requestResize(eng1, { clientId: (await liveClient()).id, sizeId: "large" });
    const version = await attachChangeSet(engineersOwn.id);
    await expect(approveRequest(eng1, { requestId: engineersOwn.id, version })).rejects.toThrow("Nobody approves their own request.");
  });

  it("needs two distinct engineers for the largest sizes", async () => {
    const request = await onboard("large");
    expect(request.requiredApprovals).toBe(2);
    expect(await approveRequest(eng1, { requestId: request.id, version: 1 })).toMatchObject({ approved: false, approvals: 1 });
    // The same engineer approving again does not count twice.
    expect(await approveRequest(eng1, { requestId: request.id, version: 2 })).toMatchObject({ approved: false, approvals: 1 });
    expect(await approveRequest(eng2, { requestId: request.id, version: 3 })).toMatchObject({ approved: true, approvals: 2 });
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe("APPROVED");
  });

  it("needs two approvers to decommission production", async () => {
    const client = await liveClient();
    const request = await requestDecommission(am, { clientId: client.id, confirmSlug: client.slug, reason: "Contract ended" });
    expect(request.requiredApprovals).toBe(2);
    await expect(requestDecommission(am, { clientId: client.id, confirmSlug: "wrong", reason: "x" })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("gives exactly one outcome when two engineers decide at once", async () => {
    const request = await onboard();
    const results = await Promise.allSettled([
      approveRequest(eng1, { requestId: request.id, version: request.version }),
      rejectRequest(eng2, { requestId: request.id, version: request.version, comment: "Wrong region" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(ConflictError);
    const final = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(["APPROVED", "REJECTED"]).toContain(final.state);
    expect(final.version).toBe(request.version + 1);
    const decisions = await db.auditEntry.count({ where: { entityId: request.id, action: { in: ["request.approve", "request.reject"] } } });
    expect(decisions).toBe(1);
  });

  it("refuses approval when the client moved on, until the request is re-rendered", async () => {
    const client = await liveClient();
    const first = await requestResize(am, { clientId: client.id, sizeId: "large" });
    const second = await requestResize(am, { clientId: client.id, sizeId: "enterprise" });
    const v1 = await attachChangeSet(first.id);
    await approveRequest(eng1, { requestId: first.id, version: v1 });
    await approveRequest(eng2, { requestId: first.id, version: v1 + 1 });
    await markLive(first.id);
    const v2 = await attachChangeSet(second.id);
    await expect(approveRequest(eng1, { requestId: second.id, version: v2 })).rejects.toThrow(/Re-render it/);
    const revision = await rerenderRequest(am, { requestId: second.id });
    const rerendered = await db.changeRequest.findUniqueOrThrow({ where: { id: second.id } });
    expect(rerendered).toMatchObject({ state: "PENDING", revisionId: revision.id, baseRevisionId: first.revisionId, changeSetId: null });
    // A re-rendered update needs a fresh change-set preview before anyone can approve it.
    await expect(approveRequest(eng1, { requestId: second.id, version: rerendered.version })).rejects.toThrow(/change-set preview/);
    const v3 = await attachChangeSet(second.id, "arn:test:changeSet/second-again");
    expect(await approveRequest(eng1, { requestId: second.id, version: v3 })).toMatchObject({ approvals: 1 });
  });

  it("voids approvals when what was approved changes, and sends the request back to review", async () => {
    const client = await liveClient();
    const request = await requestResize(am, { clientId: client.id, sizeId: "large" });
    const version = await attachChangeSet(request.id);
    await approveRequest(eng1, { requestId: request.id, version });
    await approveRequest(eng2, { requestId: request.id, version: version + 1 });
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe("APPROVED");
    await rerenderRequest(eng1, { requestId: request.id });
    const after = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id }, include: { approvals: true } });
    expect(after.state).toBe("PENDING");
    expect(after.approvals.every((a) => a.voided)).toBe(true);
  });
});

describe("other requests", () => {
  it("re-applies an earlier revision byte for byte", async () => {
    const client = await liveClient();
    const resize = await requestResize(am, { clientId: client.id, sizeId: "large" });
    const version = await attachChangeSet(resize.id);
    await approveRequest(eng1, { requestId: resize.id, version });
    await approveRequest(eng2, { requestId: resize.id, version: version + 1 });
    await markLive(resize.id);
    const reapply = await requestReapply(am, { clientId: client.id, revisionNumber: 1 });
    const [original, copy] = await Promise.all([
      db.templateRevision.findUniqueOrThrow({ where: { clientId_number: { clientId: client.id, number: 1 } } }),
      db.templateRevision.findUniqueOrThrow({ where: { id: reapply.revisionId! } }),
    ]);
    expect(copy.number).toBe(3);
    expect(copy.body).toBe(original.body);
    expect(copy.sha256).toBe(original.sha256);
    await expect(requestReapply(am, { clientId: client.id, revisionNumber: 9 })).rejects.toBeInstanceOf(ValidationError);
  });

  it("lets only the requester cancel, and only before execution", async () => {
    const request = await onboard();
    await expect(cancelRequest(eng1, { requestId: request.id })).rejects.toBeInstanceOf(ForbiddenError);
    await cancelRequest(am, { requestId: request.id });
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe("CANCELLED");
    await expect(cancelRequest(am, { requestId: request.id })).rejects.toBeInstanceOf(ConflictError);
  });

  it("keeps the change log's chain valid through all of it", async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
