"use client";

import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";

/** One row as the table shows it: plain strings and numbers, formatted on the server. */
export interface EntryRow {
  seq: number;
  at: string;
  atLabel: string;
  actorLabel: string;
  /** "through the API, token …" when the actor used the API; null in the portal. */
  via: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
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
          <Th>Who</Th>
          <Th>Action</Th>
          <Th>Entity</Th>
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
            <Td className="break-all">
              {e.actorLabel}
              {e.via ? <span className="block text-xs text-slate-600">{e.via}</span> : null}
            </Td>
            <Td>
              <code className="text-xs">{e.action}</code>
            </Td>
            <Td>
              {e.entityType}
              {e.entityId ? <span className="block font-mono text-xs text-slate-600">{e.entityId}</span> : null}
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
