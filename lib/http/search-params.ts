import { z } from "zod";

// Query strings are client input like any other: a parameter may be repeated (an array), empty,
// huge, or of the wrong type. Pages read theirs through this one helper, which never throws:
// a value that does not fit is treated as absent, so bad input gives the page's empty or
// default state rather than a crash (issue 17, L8).

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** The first value of a repeated parameter. */
export const firstValue = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** A text parameter: the first value, trimmed, at most `max` characters, no control characters; else undefined. */
export const textParam = (max = 200) =>
  z.preprocess(
    firstValue,
    z
      .string()
      .trim()
      .max(max)
      .regex(/^[^\u0000-\u001f\u007f]*$/)
      .transform((v) => v || undefined)
      .optional()
      .catch(undefined),
  );

/** Parses `raw` with `shape`; every field of the shape should tolerate bad values (textParam, or `.catch`). */
export function readSearchParams<S extends z.ZodRawShape>(shape: S, raw: RawSearchParams): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(raw ?? {});
  // Only a field without a .catch can fail: then nothing of the query is used.
  return parsed.success ? parsed.data : ({} as z.infer<z.ZodObject<S>>);
}
