import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { encode } from "next-auth/jwt";
import { db } from "../db";
import { ConflictError, ValidationError } from "../errors";
import { createUserSchema } from "../auth/schemas";
import { onboardSchema } from "../changes/schemas";
import type { SessionUser } from "../auth/roles";
import { makeUser } from "../../test/support/fixtures";

// The wrapper every server action goes through, run for real: real zod schemas, real expected
// errors, real user rows, and a real sealed session cookie read by the real session code and
// checked by the real policy. Only Next's request scope is stood in for: headers(), cookies() and
// connection() throw outside a request Next is serving, so they hand out `request` below.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", async () => {
  const { RequestCookies } = await import("next/dist/server/web/spec-extension/cookies");
  return { headers: async () => request.headers, cookies: async () => new RequestCookies(request.headers) };
});
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<object>()), connection: async () => undefined }));

let safeAction: typeof import("./safe-action").safeAction;
beforeAll(async () => {
  ({ safeAction } = await import("./safe-action"));
});
afterEach(() => vi.restoreAllMocks());

/** The next request comes from `user`'s browser (or an anonymous one), with this request id. */
async function signedInAs(user: SessionUser | null, requestId = "req-safe-action") {
  const headers = new Headers({ "x-request-id": requestId });
  if (user) {
    // As the jwt callback issues it: the session version (a new user's is 0) and the sign-in time.
    const token = await encode({
      token: { uid: user.id, email: user.email, sv: 0, authTime: Math.floor(Date.now() / 1000) },
      secret: process.env.NEXTAUTH_SECRET!,
    });
    headers.set("cookie", `next-auth.session-token=${token}`);
  }
  request.headers = headers;
}

const form = (fields: Record<string, string | Blob>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
};
const nameSchema = z.object({ name: z.string().trim().min(1, "Enter a name") });

describe("safeAction", () => {
  it("answers an unexpected error with an event id, never its text, and logs both with the request id", async () => {
    await signedInAs(await makeUser("ENGINEER"), "req-unexpected-1");
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    const secretText = "connect ECONNREFUSED 10.0.0.5:5432 (user=stackport password=hunter2)";
    const action = safeAction(nameSchema, "change:request", async () => {
      throw new Error(secretText);
    });

    const result = await action(undefined, form({ name: "Acme" }));
    expect(result).toEqual({
      ok: false,
      fieldErrors: {},
      formError: expect.stringMatching(/^Something went wrong on our side \(event [0-9a-f]{8}\)\. Nothing was changed\.$/),
      values: { name: "Acme" },
    });
    expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.5/);
    const eventId = /event ([0-9a-f]{8})/.exec(result.ok ? "" : result.formError!)![1];
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        level: "error",
        event: "unexpected_error",
        eventId,
        where: "server-action",
        requestId: "req-unexpected-1",
        error: expect.objectContaining({ name: "Error", message: secretText }),
      }),
    ]);
  });

  it("puts a ValidationError's messages under the fields it names, and an expected error on the form", async () => {
    await signedInAs(await makeUser("ACCOUNT_MANAGER"));
    const duplicate = safeAction(nameSchema, "client:onboard", async () => {
      throw new ValidationError({ name: ["A client with this name already exists."] }, "Choose another name.");
    });
    expect(await duplicate(undefined, form({ name: "Acme" }))).toEqual({
      ok: false,
      fieldErrors: { name: ["A client with this name already exists."] },
      formError: "Choose another name.",
      values: { name: "Acme" },
    });
    const conflict = safeAction(nameSchema, "client:onboard", async () => {
      throw new ConflictError("Someone else changed this request; reload to see it.");
    });
    expect(await conflict(undefined, form({ name: "Acme" }))).toEqual({
      ok: false,
      fieldErrors: {},
      formError: "Someone else changed this request; reload to see it.",
      values: { name: "Acme" },
    });
  });

  it("gives back what was typed without password or secret fields, file uploads or React's action references", async () => {
    await signedInAs(await makeUser("ADMIN"));
    const fields = {
      email: "new.person@stackport.test",
      name: "New Person",
      role: "AUDITOR",
      password: "short",
      newPassword: "also-not-returned",
      webhookSecret: "whsec_not_returned",
      CLIENT_SECRET: "not-returned-either",
      $ACTION_ID_0123abcd: "",
      $ACTION_REF_1: "",
      avatar: new Blob(["binary"]),
    };
    const expected = { email: "new.person@stackport.test", name: "New Person", role: "AUDITOR" };
    // On a schema failure (the password is too short) …
    const create = safeAction(createUserSchema, "user:manage", async () => undefined);
    expect(await create(undefined, form(fields))).toEqual({
      ok: false,
      fieldErrors: { password: ["Use at least 12 characters"] },
      values: expected,
    });
    // … and on an error from the handler.
    const refused = safeAction(z.object({ email: z.string() }), "user:manage", async () => {
      throw new ConflictError("A user with this email already exists.");
    });
    expect(await refused(undefined, form(fields))).toMatchObject({ ok: false, values: expected });
  });

  it("never reaches the permission check or the handler when the input fails its schema", async () => {
    await signedInAs(await makeUser("ACCOUNT_MANAGER"));
    const handler = vi.fn(async () => ({ ok: true as const }));
    const permission = vi.fn(async () => ({ action: "client:onboard" as const }));
    const onboard = safeAction(onboardSchema, permission, handler);
    const result = await onboard(undefined, form({ displayName: "  ", environment: "prod", region: "us-east-1", sizeId: "medium" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { displayName: ["Enter the client's name", expect.any(String)] } });
    expect(Object.keys(result.ok ? {} : result.fieldErrors).sort()).toEqual(["displayName", "environment"]);
    expect(permission).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  it("never calls the handler when the policy refuses, and calls it with the parsed input and user row when it allows", async () => {
    const [auditor, engineer] = [await makeUser("AUDITOR"), await makeUser("ENGINEER")];
    const handler = vi.fn(async (input: { name: string }, user: SessionUser) => ({ ok: true as const, data: `${input.name}/${user.id}` }));

    // A role without the permission.
    await signedInAs(auditor);
    const onboard = safeAction(nameSchema, "client:onboard", handler);
    expect(await onboard(undefined, form({ name: "Acme" }))).toEqual({
      ok: false,
      fieldErrors: {},
      formError: "Your role does not allow this.",
      values: { name: "Acme" },
    });
    // A rule about the resource, decided from the parsed input: nobody approves their own request.
    await signedInAs(engineer);
    const approve = safeAction(nameSchema, async () => ({ action: "change:approve", resource: { requesterId: engineer.id } }), handler);
    expect(await approve(undefined, form({ name: "Acme" }))).toMatchObject({ ok: false, formError: "Nobody approves their own request." });
    // A disabled account and an anonymous visitor are sent to sign-in (Next's redirect, rethrown).
    await db.user.update({ where: { id: auditor.id }, data: { disabled: true } });
    await signedInAs(auditor);
    await expect(onboard(undefined, form({ name: "Acme" }))).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/signin/),
    });
    await signedInAs(null);
    await expect(onboard(undefined, form({ name: "Acme" }))).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/signin/),
    });
    expect(handler).not.toHaveBeenCalled();

    // Allowed: the handler runs once, on the trimmed input, as the user read from the database.
    const request = safeAction(nameSchema, "change:request", handler);
    await signedInAs(engineer);
    expect(await request(undefined, form({ name: "  Acme  " }))).toEqual({ ok: true, data: `Acme/${engineer.id}` });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledWith({ name: "Acme" }, engineer);
    // A handler that returns nothing answers ok.
    expect(await safeAction(nameSchema, "change:request", async () => undefined)(undefined, form({ name: "Acme" }))).toEqual({ ok: true });
  });
});
