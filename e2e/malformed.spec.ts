import { expect, test, type APIRequestContext, type APIResponse, type Browser } from "@playwright/test";
import { onboard, stamp } from "./support/journeys";
import { storageFor, type RoleKey } from "./support/users";

// No 500 for bad input, anywhere (issue 17, L8): every page, route handler and server action,
// as each role and signed out, with malformed input. Every answer must be a 4xx or the page's
// own error or empty state: never a 5xx, a stack trace, or a streamed 200 carrying React's error
// digest (data-dgst) for a crash.

const ROLES: (RoleKey | null)[] = [null, "ACCOUNT_MANAGER", "ENGINEER", "AUDITOR", "ADMIN"];
const HUGE = "x".repeat(4000);
const MISSING = "c0nsp1cuously-n0t-an-id";

/**
 * Malformed variants of a query with these parameters (the bare path first): one per way a value
 * can be wrong — repeated (an array), empty, huge, a control character, negative, not finite. An
 * unknown or prototype-named key is tried once per page; a bracketed key (`p[]`) is just another
 * unknown key to Next, and a JSON-looking string is just another string, so neither is repeated.
 */
function variants(params: string[]): string[] {
  const out = ["", "unknown=1&__proto__=x&constructor=y&q[]=1"];
  for (const p of params) {
    out.push(`${p}=a&${p}=b`, `${p}=`, `${p}=${HUGE}`, `${p}=%00`, `${p}=-1`, `${p}=1e309`);
  }
  return out;
}

// A crash inside a streamed 200 carries data-dgst; Next's own notFound()/forbidden()/redirect()
// carry a digest too, which is not a failure.
const CRASH_DIGEST = /data-dgst="(?!NEXT_HTTP_ERROR_FALLBACK|NEXT_REDIRECT)[^"]*"/;
const STACK = /\bat [\w$.<>]+ \((?:\/|file:|webpack|node:)[^)]*:\d+:\d+\)|node_modules\/|TypeError:|ReferenceError:|PrismaClient\w*Error/;

type Problem = string;

async function judge(what: string, response: APIResponse, problems: Problem[]) {
  const status = response.status();
  const type = response.headers()["content-type"] ?? "";
  const body = type.includes("event-stream") ? "" : await response.text().catch(() => "");
  if (status >= 500) problems.push(`${what} → ${status} ${body.slice(0, 160).replace(/\s+/g, " ")}`);
  else if (CRASH_DIGEST.test(body)) problems.push(`${what} → ${status} with a crash digest (${CRASH_DIGEST.exec(body)?.[0]})`);
  else if (STACK.test(body)) problems.push(`${what} → ${status} showing internals (${STACK.exec(body)?.[0]})`);
}

async function contextFor(browser: Browser, role: RoleKey | null) {
  return browser.newContext(role ? { storageState: storageFor(role) } : { storageState: { cookies: [], origins: [] } });
}

test("no malformed request gets a 5xx, a stack trace or a crash digest, as any role or signed out", async ({ browser }) => {
  test.setTimeout(900_000);
  // Real ids to be malformed around: a client, its request, its revisions.
  const am = await contextFor(browser, "ACCOUNT_MANAGER");
  const amPage = await am.newPage();
  const name = `Malformed Co ${stamp()}`;
  const requestUrl = await onboard(amPage, name, "Medium");
  const requestPath = new URL(requestUrl).pathname;
  // Searched for: other journeys' clients (a seeded fleet among them) can push it off the first page.
  await amPage.goto(`/clients?q=${encodeURIComponent(name)}`);
  const clientPath = await amPage.getByRole("link", { name }).first().getAttribute("href", { timeout: 10_000 });
  expect(clientPath).toBeTruthy();
  const slug = clientPath!.split("/").pop()!;
  await am.close();

  const pages: [string, string[]][] = [
    ["/signin", ["callbackUrl", "error"]],
    ["/no-access", ["reason"]],
    ["/", []],
    ["/clients", ["q", "after", "behind"]],
    ["/clients/new", ["step", "displayName", "environment", "region", "size", "blueprint"]],
    [clientPath!, ["after"]],
    [`/clients/${MISSING}`, []],
    [`${clientPath}/revisions`, ["from", "to"]],
    [requestPath, ["submitted", "done"]],
    [`/requests/${MISSING}`, []],
    ["/reviews", ["client", "kind", "size", "environment"]],
    ["/rollouts", ["after"]],
    ["/rollouts/new", ["blueprintId", "behindVersion", "sizeId", "environment", "region", "ownerId"]],
    [`/rollouts/${MISSING}`, ["result", "after", "done"]],
    ["/fleet", []],
    ["/catalog", []],
    ["/catalog/stateless-web", []],
    ["/catalog/stateless-web/large", ["env"]],
    ["/catalog/no-such/blueprint", []],
    ["/catalog/stateless-web/compare", ["from", "to", "env"]],
    ["/audit", ["client", "actor", "action", "q", "from", "to", "before"]],
    ["/audit/1", []],
    ["/audit/abc", []],
    ["/audit/99999999999999999999999", []],
    ["/admin/users", ["after"]],
    ["/admin/connection", []],
    ["/admin/webhooks", []],
    [`/admin/webhooks/${MISSING}`, ["after"]],
    ["/admin/service-accounts", []],
    ["/tokens", []],
    ["/api-reference", []],
    ["/no/such/page", []],
    ["/api/audit/export", ["format", "client", "actor", "from", "to"]],
    ["/api/catalog/stateless-web/large", ["env"]],
    ["/api/catalog/nope/nope", []],
    [`/api/clients/${slug}/events`, ["operation", "after"]],
    [`/api/clients/${MISSING}/events`, ["operation"]],
    [`/api/clients/${MISSING}/live`, ["after"]],
    [`/api/requests/${MISSING}/dossier`, []],
    ["/api/health", []],
    ["/api/ready", []],
    ["/api/docs/nope", []],
    ["/api/auth/session", []],
    ["/api/auth/csrf", []],
    ["/api/auth/providers", []],
    ["/api/auth/signin", ["callbackUrl", "error"]],
    ["/api/auth/error", ["error"]],
    ["/api/v1/clients", ["limit", "after", "q"]],
    [`/api/v1/clients/${MISSING}`, []],
    [`/api/v1/requests/${MISSING}/dossier`, []],
  ];

  const problems: Problem[] = [];
  let requests = 0;
  for (const role of ROLES) {
    const context = await contextFor(browser, role);
    const request: APIRequestContext = context.request;
    const who = role ?? "signed out";
    for (const [path, params] of pages) {
      for (const query of variants(params)) {
        const url = query ? `${path}?${query}` : path;
        if (process.env.MALFORMED_TRACE) console.log(`GET ${who} ${url.slice(0, 100)}`);
        requests++;
        await judge(`${who} GET ${url.slice(0, 120)}`, await request.get(url, { maxRedirects: 0 }), problems);
      }
    }

    // Route handlers that take a body: malformed JSON, wrong types, unknown fields, empty, huge.
    const origin = { Origin: "http://127.0.0.1" };
    const bodies: [string, { data?: string; form?: Record<string, string>; headers?: Record<string, string> }][] = [
      ["malformed JSON", { data: "{not json", headers: { "content-type": "application/json" } }],
      ["a JSON array", { data: "[1,2,3]", headers: { "content-type": "application/json" } }],
      [
        "wrong types",
        { data: JSON.stringify({ email: 1, password: { a: 1 }, csrfToken: [] }), headers: { "content-type": "application/json" } },
      ],
      ["empty form", { form: {} }],
      ["huge fields", { form: { email: HUGE, password: HUGE, csrfToken: HUGE, json: "true" } }],
      ["unknown fields", { form: { zzz: "1", __proto__: "x", json: "true" } }],
    ];
    for (const path of ["/api/auth/callback/credentials", "/api/auth/signout", "/api/v1/clients", `/api/v1/clients/${MISSING}/requests`]) {
      for (const [name, body] of bodies) {
        requests++;
        const response = await request.post(path, {
          ...(body.form ? { form: body.form } : { data: body.data }),
          headers: { ...origin, ...(body.headers ?? {}) },
          maxRedirects: 0,
        });
        await judge(`${who} POST ${path} (${name})`, response, problems);
      }
    }

    // Server actions: every form on the role's pages, replayed with each field emptied, made huge,
    // given the wrong shape, plus unknown fields and other clients' ids.
    if (role) {
      const page = await context.newPage();
      const seenForms = new Set<string>();
      for (const path of [
        "/admin/users",
        "/admin/webhooks",
        "/tokens",
        "/admin/service-accounts",
        "/clients/new?step=review&displayName=X&environment=staging&size=small",
        requestPath,
        clientPath!,
      ]) {
        if (process.env.MALFORMED_TRACE) console.log(`FORMS ${who} ${path}`);
        const response = await page.goto(path);
        if (!response || response.status() >= 400) continue;
        const forms = await page.locator("form").evaluateAll((els) =>
          els
            // Signing out would end this role's sessions for every later request.
            .filter((form) => !/Sign out/.test(form.textContent ?? ""))
            .map((form) => {
              const out: Record<string, string> = {};
              new FormData(form as HTMLFormElement).forEach((value, key) => {
                if (typeof value === "string") out[key] = value;
              });
              return out;
            }),
        );
        for (const fields of forms) {
          const ids = Object.keys(fields).filter((k) => k.startsWith("$ACTION"));
          // One form per action (a list repeats the same form on every row).
          const key = `${path}|${ids
            .map((k) => k.replace(/^\$ACTION_(REF|KEY)_\d+/, "$ACTION"))
            .sort()
            .join(",")}|${Object.keys(fields).sort().join(",")}`;
          if (!ids.length || seenForms.has(key)) continue;
          seenForms.add(key);
          const own = Object.keys(fields).filter((k) => !k.startsWith("$ACTION"));
          const mutations: Record<string, string>[] = [
            Object.fromEntries(ids.map((k) => [k, fields[k]])),
            // Unknown fields only: never the valid form plus extras, which would really run it.
            { ...Object.fromEntries(ids.map((k) => [k, fields[k]])), zzz: "1", constructor: "x" },
            ...own.flatMap((k) => [
              { ...fields, [k]: "" },
              { ...fields, [k]: HUGE },
              { ...fields, [k]: MISSING },
              { ...fields, [k]: '{"a":1}' },
            ]),
          ];
          for (const multipart of mutations) {
            if (process.env.MALFORMED_TRACE) console.log(`POST ${who} ${path} ${Object.keys(multipart).join(",").slice(0, 80)}`);
            requests++;
            const posted = await page.request.post(path, { multipart, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 });
            await judge(
              `${who} action on ${path} with ${JSON.stringify(Object.keys(multipart).filter((k) => !k.startsWith("$ACTION"))).slice(0, 80)}`,
              posted,
              problems,
            );
          }
        }
      }
    }
    await context.close();
  }
  console.log(`malformed-input walk: ${requests} requests, ${problems.length} problems`);
  expect(problems, problems.join("\n")).toEqual([]);
});
