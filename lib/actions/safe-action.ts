import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import { requirePermission } from "../auth/session";
import type { Action, Resource } from "../auth/policy";
import type { SessionUser } from "../auth/roles";
import { isExpectedError, ValidationError } from "../errors";
import { logUnexpected, requestIdFrom, withLogContext } from "../log";
import { zodFieldErrors } from "./zod-errors";
import type { ActionResult } from "./result";

/**
 * Wraps a server action so it cannot skip parsing or authorization: the form data is
 * parsed with the schema, the permission checked against the signed-in user row, and
 * expected errors turned into field or form messages. Anything else is logged and
 * answered with a generic message carrying the event id. Log lines written while it runs carry
 * the request's id (x-request-id, set by the proxy).
 */
export function safeAction<S extends z.ZodType, T = undefined>(
  schema: S,
  permission: Action | ((input: z.infer<S>) => Promise<{ action: Action; resource?: Resource }>),
  handler: (input: z.infer<S>, user: SessionUser) => Promise<ActionResult<T> | void>,
) {
  return async (previous: ActionResult<T> | undefined, formData: FormData): Promise<ActionResult<T>> => {
    const requestId = requestIdFrom((await headers()).get("x-request-id"));
    return withLogContext({ requestId }, () => run(previous, formData));
  };

  async function run(_previous: ActionResult<T> | undefined, formData: FormData): Promise<ActionResult<T>> {
    const raw = Object.fromEntries(formData);
    // React resets a form after its action; what was typed comes back so nothing is lost
    // (never secrets: password fields are left out).
    const values = Object.fromEntries(
      Object.entries(raw).filter(([k, v]) => typeof v === "string" && !/password|secret/i.test(k) && !k.startsWith("$ACTION")),
    ) as Record<string, string>;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { ok: false, fieldErrors: zodFieldErrors(parsed.error), values };
    try {
      const check = typeof permission === "string" ? { action: permission } : await permission(parsed.data);
      const user = await requirePermission(check.action, check.resource);
      return (await handler(parsed.data, user)) ?? { ok: true };
    } catch (error) {
      if (error instanceof ValidationError) return { ok: false, fieldErrors: error.fieldErrors, formError: error.message, values };
      if (isExpectedError(error)) return { ok: false, fieldErrors: {}, formError: error.message, values };
      // redirect() and notFound() signal by throwing; let Next handle them.
      if (error && typeof error === "object" && "digest" in error) throw error;
      const eventId = logUnexpected(error, { where: "server-action" });
      return { ok: false, fieldErrors: {}, formError: `Something went wrong on our side (event ${eventId}). Nothing was changed.`, values };
    }
  }
}
