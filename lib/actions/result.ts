import type { FieldErrors } from "../errors";

/** The one shape every server action returns to its form. */
export type ActionResult<T = undefined> =
  { ok: true; data?: T; message?: string } | { ok: false; fieldErrors: FieldErrors; formError?: string; values?: Record<string, string> };

export const initialResult: ActionResult = { ok: false, fieldErrors: {} };
