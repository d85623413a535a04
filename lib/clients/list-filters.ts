// The clients list's filters, read from its query string and written back into its links (the
// next page keeps them: keyset paging continues after the last slug with the same filters). Pure.
import { z } from "zod";
import { firstValue, readSearchParams, textParam, type RawSearchParams } from "../http/search-params";
import { CLIENT_STATUSES, type ClientStatus } from "./status";

export interface ClientListFilters {
  q?: string;
  after?: string;
  behind: boolean;
  status?: ClientStatus;
  drifted: boolean;
  inFlight: boolean;
  /** One account manager's clients (their user id), as the fleet page's figures link them. */
  owner?: string;
}

const flag = () => z.preprocess(firstValue, z.literal("1").optional().catch(undefined));

export function clientListFilters(raw: RawSearchParams): ClientListFilters {
  const p = readSearchParams(
    {
      q: textParam(200),
      after: textParam(200),
      behind: flag(),
      drifted: flag(),
      inflight: flag(),
      owner: textParam(64),
      status: z.preprocess(firstValue, z.enum(CLIENT_STATUSES).optional().catch(undefined)),
    },
    raw,
  );
  return {
    q: p.q,
    after: p.after,
    behind: !!p.behind,
    status: p.status,
    drifted: !!p.drifted,
    inFlight: !!p.inflight,
    ...(p.owner ? { owner: p.owner } : {}),
  };
}

/** The filters as a query-string prefix, each pair followed by "&" (the page appends `after=`). */
export function clientListQuery(f: ClientListFilters): string {
  const pairs: [string, string | undefined][] = [
    ["q", f.q],
    ["behind", f.behind ? "1" : undefined],
    ["status", f.status],
    ["drifted", f.drifted ? "1" : undefined],
    ["inflight", f.inFlight ? "1" : undefined],
    ["owner", f.owner],
  ];
  return pairs.flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${encodeURIComponent(v)}&`])).join("");
}

/**
 * "of Erin Example, behind the current blueprint version, in flight": what narrows the list besides
 * the search; undefined when nothing does. `ownerName` is the name of `f.owner`'s account manager.
 */
export function describeClientFilters(f: ClientListFilters, ownerName?: string): string | undefined {
  const parts = [
    f.owner ? `of ${ownerName ?? "an account manager Stackport does not know"}` : undefined,
    f.behind ? "behind the current blueprint version" : undefined,
    f.inFlight ? "in flight" : undefined,
    f.status ? `with status ${f.status.toLowerCase()}` : undefined,
    f.drifted ? "that drifted from their template" : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length ? parts.join(", ") : undefined;
}
