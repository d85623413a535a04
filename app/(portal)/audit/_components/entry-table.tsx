"use client";

import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";

/** One row as the table shows it: plain strings and numbers, formatted on the server. */
export interface EntryRow {
  seq: number;
  at: string;
  atLabel: string;
  /** What happened, as a sentence (lib/audit/describe.ts); the codes and ids are on the entry's page. */
  sentence: string;
  /** The account's sign-in name when a person acted (what the Actor filter takes); null for the portal's own work. */
  actorLabel: string | null;
  /** "through the API, token …" when the actor used the API; null in the portal. */
  via: string | null;
  /** The client's slug, or its id when the client is gone. */
  client: string | null;
  clientKnown: boolean;
}

// A client component for its props' sake: the page sends these rows as compact data rather than
// as a rendered element tree (a row's elements and class names serialise to several times its data).
export function EntryTable({ rows }: { rows: EntryRow[] }) {
  return (
    <Table caption="Change log entries, newest first">
      <thead>
        <tr>
          <Th>Entry</Th>
          <Th>When</Th>
          <Th>What happened</Th>
          <Th>Client</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((e) => (
          <tr key={e.seq} data-testid={`audit-entry-${e.seq}`}>
            <Td className="tabular-nums">
              {/* The name contains the visible "#12", so voice control still finds it by what it shows. */}
              <Link href={`/audit/${e.seq}`} aria-label={`Entry #${e.seq}`} className="font-medium text-brand-700 hover:underline">
                #{e.seq}
              </Link>
            </Td>
            <Td className="whitespace-nowrap">
              <time dateTime={e.at}>{e.atLabel}</time>
            </Td>
            <Td>
              <span data-testid="audit-sentence">{e.sentence}</span>
              {e.actorLabel || e.via ? (
                <span className="block break-all text-xs text-slate-600">{[e.actorLabel, e.via].filter(Boolean).join(" · ")}</span>
              ) : null}
            </Td>
            <Td>
              {e.client === null ? (
                <span className="text-slate-500">—</span>
              ) : e.clientKnown ? (
                e.client
              ) : (
                <span className="font-mono text-xs">{e.client}</span>
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
