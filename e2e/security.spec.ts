import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page, type Route } from "@playwright/test";
import { formFields } from "./support/forms";
import { approve, as, onboard, stamp } from "./support/journeys";
import { storageFor, userFor, type RoleKey } from "./support/users";

const EVIL = "http://evil.example";

/** Collects every Content-Security-Policy violation the browser reports in this context. */
async function watchCsp(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding(
    "__cspViolation",
    ({ page }, text: string) => void violations.push(`${new URL(page.url()).pathname}: ${text}`),
  );
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"}`,
      );
    });
  });
  context.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return violations;
}

async function roleContext(browser: Browser, role: RoleKey | null) {
  const context = await browser.newContext(role ? { storageState: storageFor(role) } : {});
  return { context, violations: await watchCsp(context), page: await context.newPage() };
}

/**
 * Opens `pathname` and returns the policy and markup the server sent for the document. The document
 * is taken on its way to the browser (route.fetch, then fulfilled unchanged, so the browser enforces
 * the same header): reading it back from Chromium afterwards fails when the page has refreshed
 * itself in between ("No resource with given identifier found").
 */
async function openDocument(page: Page, pathname: string) {
  const documents: { policy: string; body: string }[] = [];
  const handler = async (route: Route) => {
    const request = route.request();
    if (!request.isNavigationRequest() || request.frame() !== page.mainFrame()) return route.fallback();
    // A redirect goes back to the browser as it is; the browser asks for its target, taken here too.
    const response = await route.fetch({ maxRedirects: 0 });
    documents.push({ policy: response.headers()["content-security-policy"] ?? "", body: await response.text() });
    await route.fulfill({ response });
  };
  await page.route("**/*", handler);
  try {
    await page.goto(pathname);
    await page.waitForLoadState("load");
  } finally {
    await page.unroute("**/*", handler);
  }
  const document = documents.at(-1);
  expect(document, `${pathname} answered with a document`).toBeTruthy();
  return document!;
}

async function expectNoncedPolicy(page: Page, pathname: string, signedIn: boolean) {
  const { policy, body } = await openDocument(page, pathname);
  // The document was fetched with the context's session: a signed-in page is not the sign-in form.
  if (signedIn) expect(new URL(page.url()).pathname, `${pathname} kept its session`).not.toBe("/signin");
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, `${pathname} has a nonce in its policy`).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");
  // Every script tag the server wrote carries this response's nonce (scripts Next's runtime adds
  // later are trusted through 'strict-dynamic').
  const tags = body.match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  expect(
    tags.filter((t) => !t.includes(`nonce="${nonce}"`)),
    `${pathname}: scripts without the nonce`,
  ).toEqual([]);
  return nonce!;
}

test("every page carries a fresh nonce policy, breaks none of its rules, and still responds to clicks", async ({ browser }) => {
  test.setTimeout(180_000);
  // The onboarding wizard and the approval are click-driven: they work under the policy.
  const am = await roleContext(browser, "ACCOUNT_MANAGER");
  const name = `Policy Co ${stamp()}`;
  const requestUrl = await onboard(am.page, name, "Medium");
  const eng = await roleContext(browser, "ENGINEER");
  await approve(eng.page, requestUrl, /^Approved\./);
  await am.page.goto(requestUrl);
  await am.page.getByRole("link", { name: "client page" }).click();
  // The live panel: server-sent events (connect-src) and the progress bar's style attribute.
  await expect(am.page.getByTestId("stack-status")).toHaveText(/CREATE_/, { timeout: 30_000 });
  const client = new URL(am.page.url()).pathname;

  const pages: Record<RoleKey | "visitor", string[]> = {
    visitor: ["/signin", "/no-access?reason=unmapped"],
    ACCOUNT_MANAGER: [
      "/",
      "/clients",
      "/clients/new",
      "/clients/new?step=size&displayName=Csp&environment=production&region=us-east-1",
      "/catalog",
      "/catalog/stateless-web",
      requestUrl,
      client,
      `${client}/revisions`,
    ],
    ENGINEER: [
      "/",
      "/reviews",
      "/catalog/stateless-web/large",
      "/catalog/stateless-web/compare?from=small&to=large",
      requestUrl,
      client,
      "/no/such/page",
    ],
    AUDITOR: ["/", "/audit", "/audit/1", "/admin/users"],
    ADMIN: ["/", "/admin/users"],
  };
  const contexts = { ACCOUNT_MANAGER: am, ENGINEER: eng } as Record<string, Awaited<ReturnType<typeof roleContext>>>;
  const nonces = new Set<string>();
  for (const [who, paths] of Object.entries(pages)) {
    const ctx = (contexts[who] ??= await roleContext(browser, who === "visitor" ? null : (who as RoleKey)));
    for (const p of paths) {
      nonces.add(await expectNoncedPolicy(ctx.page, p, who !== "visitor"));
    }
    // Client-side navigation (hydrated links) works under the policy too.
    if (who !== "visitor") {
      await ctx.page.goto("/");
      await ctx.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog" }).click();
      await expect(ctx.page.getByRole("heading", { name: "Catalog", level: 1 })).toBeVisible();
    }
  }
  expect(nonces.size, "a fresh nonce per response").toBe(Object.values(pages).flat().length);
  for (const ctx of Object.values(contexts)) expect(ctx.violations).toEqual([]);

  // The policy is enforced: markup injected into a page cannot run script.
  const probe = contexts.ENGINEER;
  await probe.page.goto("/");
  await probe.page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="/x.png" onerror="window.__injected = true">'));
  await expect.poll(() => probe.violations.length).toBeGreaterThan(0);
  expect(probe.violations.join("\n")).toMatch(/script-src/);
  expect(await probe.page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  for (const ctx of Object.values(contexts)) await ctx.context.close();
});

test("a server action posted from another site is refused and changes nothing", async ({ browser }) => {
  const am = await as(browser, "ACCOUNT_MANAGER");
  const requestUrl = await onboard(am, `Forgery Co ${stamp()}`, "Medium");
  const eng = await as(browser, "ENGINEER");
  await eng.goto(requestUrl);
  const fields = { ...(await formFields(eng, "form:has(button[value=approve])")), decision: "approve" };
  const own = new URL(requestUrl).origin;

  // The engineer's own signed-in cookies, but the request comes from another site's page.
  const attempts: Record<string, string>[] = [
    { Origin: EVIL },
    { Origin: EVIL, "Sec-Fetch-Site": "cross-site" },
    { Origin: own, "Sec-Fetch-Site": "cross-site" },
    { Origin: "null" },
  ];
  for (const headers of attempts) {
    const forged = await eng.request.post(requestUrl, { multipart: fields, headers, maxRedirects: 0 });
    expect(forged.status(), JSON.stringify(headers)).toBe(403);
  }
  await eng.reload();
  await expect(eng.getByText("0 of 1 approval")).toBeVisible();
  await expect(eng.getByText("Pending", { exact: true })).toBeVisible();

  // The very same request from the portal's own page is accepted: the refusal was the origin.
  const genuine = await eng.request.post(requestUrl, {
    multipart: fields,
    headers: { Origin: own, "Sec-Fetch-Site": "same-origin" },
    maxRedirects: 0,
  });
  expect(genuine.status()).toBeLessThan(400);
  await eng.reload();
  await expect(eng.getByText(/^(Approved|Executing|Succeeded)$/)).toBeVisible();
});

/** Every route handler under app/api, with sample values for its dynamic segments. */
function apiRoutes(): string[] {
  const root = path.join(process.cwd(), "app", "api");
  const sample: Record<string, string> = {
    "[...nextauth]": "signout",
    "[blueprint]": "stateless-web",
    "[size]": "medium",
    "[slug]": "no-such-client",
  };
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === "route.ts")
    .map(
      (f) =>
        `/api/${path
          .dirname(f)
          .split(path.sep)
          .map((s) => sample[s] ?? s)
          .join("/")}`,
    );
}

test("every route handler refuses a state-changing request from another site", async ({ browser, baseURL }) => {
  const routes = apiRoutes();
  expect(routes).toContain("/api/auth/signout");
  const admin = await as(browser, "ADMIN");
  const csrfToken = ((await (await admin.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  for (const route of routes) {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await admin.request.fetch(route, {
        method,
        form: { csrfToken },
        headers: { Origin: EVIL, "Sec-Fetch-Site": "cross-site" },
        maxRedirects: 0,
      });
      expect(response.status(), `${method} ${route}`).toBe(403);
    }
  }
  // Signing out from another site left the session alone …
  const session = await (await admin.request.get("/api/auth/session")).json();
  expect(session.user?.email).toBe(userFor("ADMIN").email);

  // … and a sign-in posted from another site (with a valid token and password) creates none.
  const visitor = await (await browser.newContext()).newPage();
  const token = ((await (await visitor.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const { email, password } = userFor("AUDITOR");
  const signIn = await visitor.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: token, email, password, json: "true" },
    headers: { Origin: EVIL },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(403);
  expect((await visitor.context().cookies()).some((c) => c.name.includes("session-token"))).toBe(false);
  // The same sign-in from the portal's own page works (so the refusal above was the origin).
  const own = await visitor.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: token, email, password, json: "true" },
    headers: { Origin: new URL(baseURL!).origin },
    maxRedirects: 0,
  });
  expect(own.status()).toBeLessThan(400);
  expect((await visitor.context().cookies()).some((c) => c.name.includes("session-token"))).toBe(true);
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageFor("ENGINEER") });
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  // Secure is set whenever NEXTAUTH_URL is https (next-auth then also prefixes the name with __Secure-); the journeys run on http.
  await context.close();
});

test("every response carries a request id; a plain incoming one is kept, anything else replaced", async ({ request }) => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  for (const p of ["/api/health", "/signin", "/"]) {
    const response = await request.get(p, { maxRedirects: 0 });
    expect(response.headers()["x-request-id"], p).toMatch(uuid);
  }
  const kept = await request.get("/api/health", { headers: { "X-Request-Id": "lb-trace_0123-abc" } });
  expect(kept.headers()["x-request-id"]).toBe("lb-trace_0123-abc");
  for (const bad of ["x".repeat(65), "id with spaces", '{"a":1}']) {
    const replaced = await request.get("/api/health", { headers: { "X-Request-Id": bad } });
    expect(replaced.headers()["x-request-id"]).toMatch(uuid);
  }
});
