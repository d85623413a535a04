import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { markLive, uniqueClientName } from "../../test/support/fixtures";
import { personWithToken, serviceAccountWithToken } from "../../test/support/api";
import { verifyAuditChain } from "../audit/verify";
import { verifyChainAt } from "../audit/verify-url";

// Every /api/v1 endpoint's happy path, through the generated client against the real router and
// database; each answer is checked against its documented schema as it comes back.

let am: Awaited<ReturnType<typeof personWithToken>>;
let eng: Awaited<ReturnType<typeof personWithToken>>;
let eng2: Awaited<ReturnType<typeof personWithToken>>;
let auditor: Awaited<ReturnType<typeof personWithToken>>;
let admin: Awaited<ReturnType<typeof personWithToken>>;

beforeAll(async () => {
  [am, eng, eng2, auditor, admin] = await Promise.all([
    personWithToken("ACCOUNT_MANAGER"),
    personWithToken("ENGINEER"),
    personWithToken("ENGINEER", [], "engineer2"),
    personWithToken("AUDITOR"),
    personWithToken("ADMIN"),
  ]);
});

const onboardBody = (displayName = uniqueClientName("Api")) =>
  ({ displayName, environment: "staging", region: "us-east-1", blueprintId: "stateless-web", sizeId: "small" }) as const;

async function onboarded() {
  const { data, response } = await am.api.POST("/api/v1/requests/onboard", { body: onboardBody() });
  expect(response.status).toBe(201);
  return data!;
}

async function liveClient() {
  const request = await onboarded();
  await markLive(request.id);
  return request.client.slug;
}

describe("/api/v1 happy paths", () => {
  it("says who the token acts as", async () => {
    const { data } = await am.api.GET("/api/v1/me");
    expect(data).toMatchObject({
      email: am.user.email,
      role: "ACCOUNT_MANAGER",
      serviceAccount: false,
      token: { id: am.tokenId, scopes: null },
    });
  });

  it("lists the catalog and previews a render with cost and guardrails", async () => {
    const list = await am.api.GET("/api/v1/blueprints");
    expect(list.data!.items.map((b) => b.id)).toContain("stateless-web");
    const one = await am.api.GET("/api/v1/blueprints/{blueprint}", { params: { path: { blueprint: "stateless-web" } } });
    expect(one.data!.sizes.map((s) => s.id)).toEqual(["small", "medium", "large", "enterprise"]);
    const preview = await am.api.GET("/api/v1/blueprints/{blueprint}/sizes/{size}/preview", {
      params: {
        path: { blueprint: "stateless-web", size: "medium" },
        query: { displayName: "Preview Co", environment: "production", region: "us-east-1" },
      },
    });
    expect(preview.data).toMatchObject({ stackName: "preview-co-stateless-web-production", blocked: false });
    expect(preview.data!.monthlyUsd).toBeGreaterThan(0);
    expect(preview.data!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("onboards, lists and reads clients and requests, then an engineer approves (audited as through the API)", async () => {
    const created = await onboarded();
    expect(created).toMatchObject({ kind: "CREATE", state: "PENDING", requester: { email: am.user.email } });
    const clients = await am.api.GET("/api/v1/clients", { params: { query: { q: created.client.slug, status: "PENDING" } } });
    expect(clients.data!.items.map((c) => c.slug)).toEqual([created.client.slug]);
    const client = await am.api.GET("/api/v1/clients/{slug}", { params: { path: { slug: created.client.slug } } });
    expect(client.data).toMatchObject({
      status: "PENDING",
      revision: null,
      operation: null,
      openRequests: [{ id: created.id, state: "PENDING" }],
    });

    const pending = await eng.api.GET("/api/v1/requests", { params: { query: { state: "pending", client: created.client.slug } } });
    expect(pending.data!.items.map((r) => r.id)).toEqual([created.id]);
    const detail = await eng.api.GET("/api/v1/requests/{id}", { params: { path: { id: created.id } } });
    expect(detail.response.headers.get("etag")).toBe(`"v${created.version}"`);
    expect(detail.data!.diff.template.stats.added).toBeGreaterThan(0);
    expect(detail.data!.revision?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const approved = await eng.api.POST("/api/v1/requests/{id}/approve", {
      params: { path: { id: created.id }, header: { "If-Match": detail.response.headers.get("etag")! } },
      body: { comment: "ok" },
    });
    expect(approved.data).toMatchObject({ approved: true, request: { state: "APPROVED", approvals: 1 } });

    const entries = await db.auditEntry.findMany({ where: { entityId: created.id }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => [e.action, e.via])).toEqual([
      ["request.create", `api:${am.tokenId}`],
      ["request.approve", `api:${eng.tokenId}`],
    ]);
    // Both verifiers (Prisma's, and SQLite's fast path that assembles the hashed text in SQL) accept entries with `via`.
    expect((await verifyAuditChain(db)).ok).toBe(true);
    expect((await verifyChainAt(process.env.DATABASE_URL!, db)).ok).toBe(true);
  });

  it("files an update that adds a certificate, and refuses one that changes nothing or names no real setting", async () => {
    const slug = await liveClient();
    const path = { slug };
    const cert = "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-0000-4000-8000-00000000a001";
    const nothing = await am.api.POST("/api/v1/clients/{slug}/requests/update", { params: { path }, body: {} });
    expect(nothing.response.status).toBe(422);
    expect(nothing.error!.errors!.changes![0]).toMatch(/^Nothing would change/);
    const badName = await am.api.POST("/api/v1/clients/{slug}/requests/update", {
      params: { path },
      body: { overrides: { "no such": "x" } },
    });
    expect(badName.response.status).toBe(422);
    expect(Object.keys(badName.error!.errors!)[0]).toMatch(/^overrides/);
    expect(await db.changeRequest.count({ where: { client: { slug }, kind: "UPDATE" } })).toBe(0);

    const update = await am.api.POST("/api/v1/clients/{slug}/requests/update", {
      params: { path },
      body: { overrides: { CertificateArn: cert }, reason: "HTTPS" },
    });
    expect(update.response.status, JSON.stringify(update.error)).toBe(201);
    expect(update.data).toMatchObject({ kind: "UPDATE", state: "PENDING" });
    const revision = await db.templateRevision.findFirstOrThrow({ where: { requestId: update.data!.id } });
    expect(JSON.parse(revision.parameters)).toContainEqual({ ParameterKey: "CertificateArn", ParameterValue: cert });
  });

  it("files every other kind of request for a live client", async () => {
    const slug = await liveClient();
    const path = { slug };
    const resize = await am.api.POST("/api/v1/clients/{slug}/requests/resize", { params: { path }, body: { sizeId: "medium" } });
    expect(resize.data).toMatchObject({ kind: "RESIZE", fromSizeId: "small", toSizeId: "medium" });
    expect(resize.response.headers.get("location")).toBe(`/api/v1/requests/${resize.data!.id}`);
    const reapply = await am.api.POST("/api/v1/clients/{slug}/requests/reapply", { params: { path }, body: { revisionNumber: 2 } });
    expect(reapply.data).toMatchObject({ kind: "REAPPLY" });
    const decommission = await am.api.POST("/api/v1/clients/{slug}/requests/decommission", {
      params: { path },
      body: { confirmSlug: slug, reason: "Contract ended" },
    });
    expect(decommission.data).toMatchObject({ kind: "DECOMMISSION", toSizeId: null });

    const id = (await db.client.findUniqueOrThrow({ where: { slug } })).id;
    await db.client.update({ where: { id }, data: { stackStatus: "UPDATE_ROLLBACK_FAILED" } });
    const recovery = await eng.api.POST("/api/v1/clients/{slug}/requests/recovery", { params: { path }, body: { skip: "WebServerGroup" } });
    expect(recovery.data).toMatchObject({ kind: "RECOVER" });
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: recovery.data!.id } })).resourcesToSkip).toBe('["WebServerGroup"]');

    const fresh = await onboarded();
    await db.client.update({
      where: { slug: fresh.client.slug },
      data: { stackStatus: "ROLLBACK_COMPLETE", stackId: "arn:test:stack/x", status: "FAILED" },
    });
    await db.changeRequest.update({ where: { id: fresh.id }, data: { state: "FAILED" } });
    const recreate = await am.api.POST("/api/v1/clients/{slug}/requests/recreate", {
      params: { path: { slug: fresh.client.slug } },
      body: { reason: "Try the launch again" },
    });
    expect(recreate.data).toMatchObject({ kind: "RECREATE", state: "PENDING" });
  });

  it("rejects, cancels and re-renders", async () => {
    const toReject = await onboarded();
    const rejected = await eng.api.POST("/api/v1/requests/{id}/reject", {
      params: { path: { id: toReject.id } },
      body: { comment: "Wrong region" },
    });
    expect(rejected.data!.request.state).toBe("REJECTED");
    const toCancel = await onboarded();
    const cancelled = await am.api.POST("/api/v1/requests/{id}/cancel", { params: { path: { id: toCancel.id } } });
    expect(cancelled.data!.request.state).toBe("CANCELLED");

    const slug = await liveClient();
    const first = await am.api.POST("/api/v1/clients/{slug}/requests/resize", { params: { path: { slug } }, body: { sizeId: "medium" } });
    const second = await am.api.POST("/api/v1/clients/{slug}/requests/resize", { params: { path: { slug } }, body: { sizeId: "large" } });
    await markLive(second.data!.id); // the client moved on: the first is now stale
    const stale = await eng.api.GET("/api/v1/requests/{id}", { params: { path: { id: first.data!.id } } });
    expect(stale.data!.stale).toBe(true);
    const rerendered = await eng.api.POST("/api/v1/requests/{id}/rerender", { params: { path: { id: first.data!.id } } });
    expect(rerendered.data!.request).toMatchObject({ state: "PENDING", version: stale.data!.version + 1 });
  });

  it("reads operations, their events after a cursor, and the live stream", async () => {
    const request = await onboarded();
    const slug = request.client.slug;
    const client = await db.client.findUniqueOrThrow({ where: { slug } });
    const operation = await db.operation.create({
      data: {
        clientId: client.id,
        requestId: request.id,
        kind: "CREATE",
        phase: "DONE",
        token: "t",
        stackName: client.stackName,
        finishedAt: new Date(),
      },
    });
    await db.stackEvent.createMany({
      data: ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"].map((status, i) => ({
        eventId: `${operation.id}-${i}`,
        operationId: operation.id,
        clientId: client.id,
        logicalId: "Bucket",
        resourceType: "AWS::S3::Bucket",
        status,
        timestamp: new Date(),
      })),
    });
    const ops = await eng.api.GET("/api/v1/clients/{slug}/operations", { params: { path: { slug } } });
    expect(ops.data!.items.map((o) => o.id)).toEqual([operation.id]);
    const path = { slug, operationId: operation.id };
    const page1 = await eng.api.GET("/api/v1/clients/{slug}/operations/{operationId}/events", { params: { path, query: { limit: 1 } } });
    expect(page1.data).toMatchObject({ events: [{ status: "CREATE_IN_PROGRESS" }], done: false });
    expect(page1.data!.next).toContain(`after=${page1.data!.cursor}`);
    const page2 = await eng.api.GET("/api/v1/clients/{slug}/operations/{operationId}/events", {
      params: { path, query: { after: page1.data!.cursor } },
    });
    expect(page2.data).toMatchObject({ events: [{ status: "CREATE_COMPLETE" }], done: true, next: null });

    const live = await eng.api.GET("/api/v1/clients/{slug}/live", { params: { path: { slug } }, parseAs: "text" });
    expect(live.response.headers.get("content-type")).toBe("text/event-stream");
    expect(live.data).toContain("event: status");
    expect(live.data).toContain("event: done");
  });

  it("lists, exports and opens change-log entries", async () => {
    await onboarded();
    const list = await auditor.api.GET("/api/v1/audit", { params: { query: { actor: am.user.email } } });
    expect(list.data!.items[0]).toMatchObject({ actorLabel: am.user.email, via: `api:${am.tokenId}` });
    const entry = await auditor.api.GET("/api/v1/audit/{seq}", { params: { path: { seq: String(list.data!.items[0].seq) } } });
    expect(entry.data!.hash).toMatch(/^[0-9a-f]{64}$/);
    const csv = await auditor.api.GET("/api/v1/audit/export", {
      params: { query: { format: "csv", actor: am.user.email } },
      parseAs: "text",
    });
    expect(csv.data!.split("\r\n")[0]).toContain(",via,");
    expect(csv.data).toContain(`api:${am.tokenId}`);
  });

  it("administers webhooks", async () => {
    const created = await admin.api.POST("/api/v1/webhooks", {
      body: { url: "https://hooks.example.com/stackport", description: "CRM", events: ["request.approved"] },
    });
    expect(created.data!.secret.length).toBeGreaterThan(20);
    const id = created.data!.id;
    const path = { id };
    expect((await admin.api.GET("/api/v1/webhooks")).data!.items.map((w) => w.id)).toContain(id);
    expect((await admin.api.PATCH("/api/v1/webhooks/{id}", { params: { path }, body: { enabled: false } })).response.status).toBe(204);
    expect((await admin.api.PATCH("/api/v1/webhooks/{id}", { params: { path }, body: { enabled: true } })).response.status).toBe(204);
    expect((await admin.api.POST("/api/v1/webhooks/{id}/ping", { params: { path } })).response.status).toBe(202);
    const rotated = await admin.api.POST("/api/v1/webhooks/{id}/rotate-secret", { params: { path } });
    expect(rotated.data!.secret).not.toBe(created.data!.secret);
    const detail = await admin.api.GET("/api/v1/webhooks/{id}", { params: { path } });
    expect(detail.data!.deliveries.map((d) => d.event)).toEqual(["ping"]);
    const deliveryId = detail.data!.deliveries[0].id;
    await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "FAILED", attempts: 8 } });
    const retry = await admin.api.POST("/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry", { params: { path: { id, deliveryId } } });
    expect(retry.response.status).toBe(202);
    expect((await admin.api.DELETE("/api/v1/webhooks/{id}", { params: { path } })).response.status).toBe(204);
  });

  it("lets a service account onboard and read, as its own actor", async () => {
    const svc = await serviceAccountWithToken(admin.user);
    const created = await svc.api.POST("/api/v1/requests/onboard", { body: onboardBody() });
    expect(created.data!.requester.email).toBe(svc.account.email);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { entityId: created.data!.id, action: "request.create" } });
    expect(entry).toMatchObject({ actorId: svc.account.userId, via: `api:${svc.tokenId}` });
    const approval = await eng2.api.POST("/api/v1/requests/{id}/approve", { params: { path: { id: created.data!.id } }, body: {} });
    expect(approval.data!.approved).toBe(true);
  });
});
