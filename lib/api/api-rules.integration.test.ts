import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { markLive, uniqueClientName } from "../../test/support/fixtures";
import { apiAs, apiRouter, personWithToken, serviceAccountWithToken } from "../../test/support/api";
import { revokeToken } from "./tokens/store";
import { setUserDisabled } from "../auth/users";

// The API's rules, through the generated client: authentication, roles and scopes, another
// client's ids, conflicts, stale ETags, field errors, idempotent replays, rate limits.

let am: Awaited<ReturnType<typeof personWithToken>>;
let eng: Awaited<ReturnType<typeof personWithToken>>;
let admin: Awaited<ReturnType<typeof personWithToken>>;

beforeAll(async () => {
  [am, eng, admin] = await Promise.all([personWithToken("ACCOUNT_MANAGER"), personWithToken("ENGINEER"), personWithToken("ADMIN")]);
});

const body = (displayName = uniqueClientName("Rules")) =>
  ({ displayName, environment: "staging", region: "us-east-1", blueprintId: "stateless-web", sizeId: "small" }) as const;

describe("authentication", () => {
  it("answers 401 problem details without a token, with a malformed one, or with one in the URL", async () => {
    // The last character is part of the checksum; it is changed to one it is not, so the token is
    // always wrong (writing a fixed "x" gave back the real token once in 62 runs).
    const tampered = `${am.token.slice(0, -1)}${am.token.endsWith("x") ? "y" : "x"}`;
    for (const token of [undefined, "spk_notatoken", tampered]) {
      const { error, response } = await apiAs(token).GET("/api/v1/clients");
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(error).toMatchObject({ status: 401, title: "Authentication required" });
    }
    const inUrl = await apiAs(undefined).GET("/api/v1/clients", { params: { query: { token: am.token } as never } });
    expect(inUrl.response.status).toBe(401);
    expect(inUrl.error!.detail).toContain("only in the Authorization header");
  });

  it("stops a revoked token, an expired one and a disabled owner's at once", async () => {
    const person = await personWithToken("ACCOUNT_MANAGER");
    expect((await person.api.GET("/api/v1/me")).response.status).toBe(200);
    await revokeToken(person.user, person.tokenId);
    expect((await person.api.GET("/api/v1/me")).response.status).toBe(401);
    expect(await db.auditEntry.count({ where: { action: "api_token.revoke", entityId: person.tokenId } })).toBe(1);

    const expiring = await personWithToken("ACCOUNT_MANAGER");
    await db.apiToken.update({ where: { id: expiring.tokenId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await expiring.api.GET("/api/v1/me")).response.status).toBe(401);

    const svc = await serviceAccountWithToken(admin.user);
    expect((await svc.api.GET("/api/v1/me")).response.status).toBe(200);
    await setUserDisabled(admin.user, { userId: svc.account.userId, disabled: true });
    const refused = await svc.api.GET("/api/v1/me");
    expect(refused.response.status).toBe(401);
    expect(refused.error!.detail).toContain("disabled");
  });

  it("records when a token was last used", async () => {
    const person = await personWithToken("AUDITOR");
    await person.api.GET("/api/v1/me");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: person.tokenId } })).lastUsedAt).not.toBeNull();
  });
});

describe("authorization", () => {
  it("refuses the wrong role and the wrong scope with 403", async () => {
    const auditor = await personWithToken("AUDITOR");
    expect((await auditor.api.POST("/api/v1/requests/onboard", { body: body() })).response.status).toBe(403);
    expect((await am.api.GET("/api/v1/audit")).response.status).toBe(403);
    const readOnly = await personWithToken("ACCOUNT_MANAGER", ["read"]);
    expect((await readOnly.api.GET("/api/v1/clients")).response.status).toBe(200);
    const refused = await readOnly.api.POST("/api/v1/requests/onboard", { body: body() });
    expect(refused.response.status).toBe(403);
    expect(refused.error!.detail).toContain("scopes");
    const onboardOnly = await personWithToken("ACCOUNT_MANAGER", ["client:onboard"]);
    expect((await onboardOnly.api.POST("/api/v1/requests/onboard", { body: body() })).response.status).toBe(201);
    expect((await onboardOnly.api.GET("/api/v1/clients")).response.status).toBe(403);
  });

  it("never lets a service account approve, whatever role an administrator gives it", async () => {
    const request = (await am.api.POST("/api/v1/requests/onboard", { body: body() })).data!;
    const svc = await serviceAccountWithToken(admin.user, "ACCOUNT_MANAGER");
    const refused = await svc.api.POST("/api/v1/requests/{id}/approve", { params: { path: { id: request.id } }, body: {} });
    expect(refused.response.status).toBe(403);
    await db.user.update({ where: { id: svc.account.userId }, data: { role: "ENGINEER" } });
    const promoted = await svc.api.POST("/api/v1/requests/{id}/approve", { params: { path: { id: request.id } }, body: {} });
    expect(promoted.response.status).toBe(403);
    expect(await db.approval.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("keeps an engineer from approving their own request and others from cancelling it", async () => {
    const own = (await eng.api.POST("/api/v1/requests/onboard", { body: body() })).response.status;
    expect(own).toBe(403); // engineers do not onboard; file a resize instead
    const live = (await am.api.POST("/api/v1/requests/onboard", { body: body() })).data!;
    await markLive(live.id);
    const resize = await eng.api.POST("/api/v1/clients/{slug}/requests/resize", {
      params: { path: { slug: live.client.slug } },
      body: { sizeId: "medium" },
    });
    const self = await eng.api.POST("/api/v1/requests/{id}/approve", { params: { path: { id: resize.data!.id } }, body: {} });
    expect(self.response.status).toBe(403);
    const cancel = await am.api.POST("/api/v1/requests/{id}/cancel", { params: { path: { id: resize.data!.id } } });
    expect(cancel.response.status).toBe(403);
  });

  it("answers 404 for another client's operation and for unknown ids", async () => {
    const a = (await am.api.POST("/api/v1/requests/onboard", { body: body() })).data!;
    const b = (await am.api.POST("/api/v1/requests/onboard", { body: body() })).data!;
    const clientA = await db.client.findUniqueOrThrow({ where: { slug: a.client.slug } });
    const op = await db.operation.create({
      data: { clientId: clientA.id, requestId: a.id, kind: "CREATE", phase: "IN_PROGRESS", token: "t", stackName: "s" },
    });
    const other = await eng.api.GET("/api/v1/clients/{slug}/operations/{operationId}/events", {
      params: { path: { slug: b.client.slug, operationId: op.id } },
    });
    expect(other.response.status).toBe(404);
    expect((await eng.api.GET("/api/v1/requests/{id}", { params: { path: { id: "nope" } } })).response.status).toBe(404);
    expect((await eng.api.GET("/api/v1/clients/{slug}", { params: { path: { slug: "no-such-client" } } })).response.status).toBe(404);
  });
});

describe("conventions", () => {
  it("gives per-field 422s from the same schemas and rules as the forms", async () => {
    const bad = await am.api.POST("/api/v1/requests/onboard", { body: { ...body(), displayName: "", sizeId: "" } });
    expect(bad.response.status).toBe(422);
    expect(Object.keys(bad.error!.errors!)).toEqual(expect.arrayContaining(["displayName", "sizeId"]));
    const production = await am.api.POST("/api/v1/requests/onboard", { body: { ...body(), environment: "production" } });
    expect(production.response.status).toBe(422);
    expect(production.error!.errors!.sizeId).toBeDefined();
  });

  it("answers 409 for a duplicate name and a request in the wrong state", async () => {
    const first = (await am.api.POST("/api/v1/requests/onboard", { body: body("Duplicate Co " + Date.now()) })).data!;
    const again = await am.api.POST("/api/v1/requests/onboard", { body: body(first.client.displayName) });
    expect(again.response.status).toBe(422); // the wizard shows it under the name field
    await eng.api.POST("/api/v1/requests/{id}/reject", { params: { path: { id: first.id } }, body: { comment: "no" } });
    const late = await eng.api.POST("/api/v1/requests/{id}/approve", { params: { path: { id: first.id } }, body: {} });
    expect(late.response.status).toBe(409);
  });

  it("answers 412 to a stale If-Match and acts on none", async () => {
    const request = (await am.api.POST("/api/v1/requests/onboard", { body: body() })).data!;
    const stale = `"v${request.version - 1 >= 1 ? request.version + 5 : 99}"`;
    const refused = await eng.api.POST("/api/v1/requests/{id}/approve", {
      params: { path: { id: request.id }, header: { "If-Match": stale } },
      body: {},
    });
    expect(refused.response.status).toBe(412);
    expect(await db.approval.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("replays an idempotent POST without acting twice, and refuses the key for another body", async () => {
    const key = crypto.randomUUID();
    const payload = body();
    const headers = { "Idempotency-Key": key };
    const first = await am.api.POST("/api/v1/requests/onboard", { params: { header: headers }, body: payload });
    const second = await am.api.POST("/api/v1/requests/onboard", { params: { header: headers }, body: payload });
    expect(first.response.status).toBe(201);
    expect(second.response.status).toBe(201);
    expect(second.response.headers.get("idempotent-replayed")).toBe("true");
    expect(second.data!.id).toBe(first.data!.id);
    expect(await db.changeRequest.count({ where: { client: { slug: first.data!.client.slug } } })).toBe(1);
    const other = await am.api.POST("/api/v1/requests/onboard", { params: { header: headers }, body: body() });
    expect(other.response.status).toBe(422);
  });

  it("limits each token's rate with 429, Retry-After and RateLimit headers", async () => {
    const api = apiAs(am.token, apiRouter({ points: 2 }));
    const ok = await api.GET("/api/v1/me");
    expect(ok.response.headers.get("ratelimit-remaining")).toBe("1");
    await api.GET("/api/v1/me");
    const limited = await api.GET("/api/v1/me");
    expect(limited.response.status).toBe(429);
    expect(Number(limited.response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.response.headers.get("ratelimit-limit")).toBe("2");
    // Another token has its own budget.
    expect((await apiAs(eng.token, apiRouter({ points: 2 })).GET("/api/v1/me")).response.status).toBe(200);
  });
});
