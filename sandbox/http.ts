// The wire format of the AWS Query protocol: form-encoded requests with `member.N` lists, XML
// responses wrapped in <XxxResponse><XxxResult>, and <ErrorResponse> bodies for failures.
import { validationError, type ApiError } from "./errors";

export const XMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

function decode(s: string): string {
  const plain = s.includes("+") ? s.replace(/\+/g, " ") : s;
  try {
    return decodeURIComponent(plain);
  } catch {
    return new URLSearchParams(`x=${s}`).get("x") ?? s; // malformed escapes: be lenient like URLSearchParams
  }
}

/** Typed access to one request's flat `Key.member.1.Field=value` parameters. */
export class QueryParams {
  constructor(readonly raw: Record<string, string>) {}

  /** application/x-www-form-urlencoded; decodeURIComponent is several times faster than URLSearchParams on 30 KB template bodies. */
  static parse(body: string): QueryParams {
    const raw: Record<string, string> = {};
    if (!body) return new QueryParams(raw);
    for (const pair of body.split("&")) {
      if (!pair) continue;
      const eq = pair.indexOf("=");
      const k = eq < 0 ? pair : pair.slice(0, eq);
      const v = eq < 0 ? "" : pair.slice(eq + 1);
      raw[decode(k)] = decode(v);
    }
    return new QueryParams(raw);
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    return v === undefined || v === "" ? undefined : v;
  }

  /** A required string, with the constraint message AWS's validator produces. */
  req(name: string): string {
    const v = this.str(name);
    if (v === undefined) {
      const field = name[0].toLowerCase() + name.slice(1);
      throw validationError(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
    }
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.str(name);
    return v === undefined ? undefined : v === "true";
  }

  int(name: string): number | undefined {
    const v = this.str(name);
    return v === undefined ? undefined : Number.parseInt(v, 10);
  }

  has(name: string): boolean {
    return name in this.raw;
  }

  /** `Name.member.1=a&Name.member.2=b` → ["a", "b"] (in member order). */
  list(name: string): string[] {
    const out: string[] = [];
    for (let i = 1; ; i++) {
      const v = this.raw[`${name}.member.${i}`];
      if (v === undefined) return out;
      out.push(v);
    }
  }

  /** `Name.member.1.Key=a&Name.member.1.Value=b` → [{ Key: "a", Value: "b" }]. */
  structs(name: string): Record<string, string>[] {
    const byIndex = new Map<number, Record<string, string>>();
    const prefix = `${name}.member.`;
    for (const [k, v] of Object.entries(this.raw)) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const dot = rest.indexOf(".");
      if (dot < 0) continue;
      const i = Number(rest.slice(0, dot));
      let entry = byIndex.get(i);
      if (!entry) byIndex.set(i, (entry = {}));
      entry[rest.slice(dot + 1)] = v;
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#xD;" };

const NEEDS_ESCAPE = /[&<>"'\r]/;
export function escapeXml(s: string): string {
  // Most values (ids, statuses, timestamps) have nothing to escape: skip the replace for them.
  return NEEDS_ESCAPE.test(s) ? s.replace(/[&<>"'\r]/g, (c) => ESCAPES[c]) : s;
}

/**
 * Serializes a plain value as Query-protocol XML: objects become nested elements in key order,
 * arrays become <member> lists, Dates ISO-8601 timestamps; undefined members are omitted.
 */
export function toXml(name: string, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return `<${name}>${value.map((v) => toXml("member", v)).join("")}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === "object") {
    let inner = "";
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) inner += toXml(k, v);
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function resultXml(action: string, result: Record<string, unknown> | undefined, requestId: string, xmlns = XMLNS): string {
  return (
    `<${action}Response xmlns="${xmlns}">` +
    toXml(`${action}Result`, result ?? {}) +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function errorXml(err: ApiError, requestId: string, xmlns = XMLNS): string {
  return (
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${err.type}</Type><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/** The region the SDK signed for, from `Credential=AKID/date/region/service/aws4_request`. */
export function regionFromAuthorization(header: string | undefined): string | undefined {
  const m = header?.match(/Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//);
  return m?.[1];
}

/**
 * Opaque pagination tokens anchored on the last item returned (its sort key), not on an offset:
 * items added or removed between two pages (events arriving, stacks created, change sets deleted)
 * never make a later page repeat or skip one.
 */
export function encodeToken(key: string): string {
  return Buffer.from(`k:${key}`).toString("base64");
}

export function decodeToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  const m = Buffer.from(token, "base64")
    .toString()
    .match(/^k:(.+)$/s);
  if (!m) throw validationError("Invalid NextToken");
  return m[1];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One page of `items` in the order of `keyOf` (unique keys; ascending, or descending when
 * `newestFirst`), starting after the item the token names. Sorts a copy; the input is not changed.
 */
export function paginate<T>(
  items: T[],
  token: string | undefined,
  pageSize: number,
  keyOf: (item: T) => string,
  newestFirst = false,
): { page: T[]; nextToken?: string } {
  const dir = newestFirst ? -1 : 1;
  const keyed = items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => dir * compare(a.key, b.key));
  const after = decodeToken(token);
  // The first item past the anchor (binary search: the keys are sorted in `dir` order).
  let lo = 0;
  if (after !== undefined) {
    let hi = keyed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dir * compare(keyed[mid].key, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
  }
  const page = keyed.slice(lo, lo + pageSize);
  const more = lo + pageSize < keyed.length;
  return { page: page.map((x) => x.item), nextToken: more ? encodeToken(page[page.length - 1].key) : undefined };
}

/** A key that sorts as the number does (positions in append-only lists such as a stack's events). */
export const positionKey = (n: number): string => String(n).padStart(12, "0");

/**
 * A page of an append-only list, newest first (DescribeStackEvents). The token names the oldest
 * item returned by its position from the oldest end, which items appended later never move.
 */
export function pageNewestFirst<T>(items: T[], token: string | undefined, pageSize: number): { page: T[]; nextToken?: string } {
  const after = decodeToken(token);
  const start = after === undefined ? items.length - 1 : Number(after) - 1;
  if (!Number.isInteger(start) || start >= items.length) throw validationError("Invalid NextToken");
  const page: T[] = [];
  for (let i = start; i >= 0 && page.length < pageSize; i--) page.push(items[i]);
  const oldest = start - page.length + 1;
  return { page, nextToken: oldest > 0 ? encodeToken(positionKey(oldest)) : undefined };
}
