import "server-only";
import type { Db } from "../db";
import { describeEntry, namesNeeded, type DescribableEntry, type NameBook } from "./describe";

// The display names a page of change-log entries reads with (describe.ts): one query per table
// for the whole page (users, clients, change requests), never one per entry.

export interface PageNames {
  names: NameBook;
  /** Client slugs by id, for links. */
  clientSlugs: Record<string, string>;
}

export async function namesFor(db: Db, entries: readonly DescribableEntry[]): Promise<PageNames> {
  const { userIds, clientIds, requestIds } = namesNeeded(entries);
  const [users, clients, requests] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
    clientIds.length ? db.client.findMany({ where: { id: { in: clientIds } }, select: { id: true, slug: true, displayName: true } }) : [],
    requestIds.length
      ? db.changeRequest.findMany({ where: { id: { in: requestIds } }, select: { id: true, kind: true, fromSizeId: true, toSizeId: true } })
      : [],
  ]);
  return {
    names: {
      users: Object.fromEntries(users.map((u) => [u.id, u.name])),
      clients: Object.fromEntries(clients.map((c) => [c.id, c.displayName])),
      requests: Object.fromEntries(requests.map(({ id, ...facts }) => [id, facts])),
    },
    clientSlugs: Object.fromEntries(clients.map((c) => [c.id, c.slug])),
  };
}

/** Each entry with its sentence, and the page's client slugs. */
export async function describeEntries<E extends DescribableEntry>(db: Db, entries: readonly E[]) {
  const { names, clientSlugs } = await namesFor(db, entries);
  return { entries: entries.map((e) => ({ ...e, sentence: describeEntry(e, names) })), clientSlugs };
}
