import { ConflictError } from "../errors";
import { PreconditionFailedError } from "./problem";

// Small HTTP conventions of the API: entity tags from version columns, If-Match, keyset `next` links. Pure.

/** A strong entity tag for a row's version column: "v<version>". */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/** The version an If-Match names, or null when absent; NaN when it names something no ETag of ours looks like. */
export function versionFromIfMatch(header: string | null): number | null {
  if (header === null || header.trim() === "") return null;
  const match = /^(?:W\/)?"v(\d{1,9})"$/.exec(header.trim());
  return match ? Number(match[1]) : Number.NaN;
}

/** The URL of the next page: this request's URL with the cursor parameter replaced. */
export function nextLink(requestUrl: URL, cursorParam: string, cursor: string | number | null | undefined): string | null {
  if (cursor === null || cursor === undefined || cursor === "") return null;
  const next = new URL(requestUrl);
  next.searchParams.set(cursorParam, String(cursor));
  return `${next.pathname}${next.search}`;
}

/**
 * Runs `act` at the version If-Match names (or the current one when none was sent). A version that
 * has moved on is 412, not 409: before acting, and when the domain's own version check refused it.
 */
export async function atVersion<T>(
  ifMatch: number | null,
  currentVersion: () => Promise<number>,
  act: (version: number) => Promise<T>,
): Promise<T> {
  const current = await currentVersion();
  if (ifMatch !== null && ifMatch !== current) throw new PreconditionFailedError();
  try {
    return await act(ifMatch ?? current);
  } catch (error) {
    if (error instanceof ConflictError && ifMatch !== null && (await currentVersion()) !== ifMatch) throw new PreconditionFailedError();
    throw error;
  }
}
