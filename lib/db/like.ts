import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { wrapConnections, type SqliteAdapter } from "./sqlite-adapter";

// Prisma turns `contains`, `startsWith` and `endsWith` into `LIKE ?` with the value pasted
// between `%`s unescaped, on both databases. PostgreSQL's LIKE takes a backslash as its escape
// character; SQLite's LIKE has none unless the statement says `ESCAPE`, so there a literal % or _
// could not be searched for at all. The SQLite adapter below adds `ESCAPE '\'` to every LIKE
// Prisma sends, which gives both databases PostgreSQL's rule, and `likeLiteral` escapes a
// person's text under that rule.

/** Text to match literally inside a Prisma `contains`/`startsWith`/`endsWith`: % and _ are not wildcards. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

type Query = Parameters<SqliteAdapter["queryRaw"]>[0];

// Prisma's SQLite SQL has no string literals (values are bound), so the text matched here is
// always its own `LIKE ?`; a raw query written as `LIKE ${value}` gets the same rule.
const LIKE = /\bLIKE \?(?! ESCAPE)/g;

export function sqliteLikeWithEscape(query: Query): Query {
  const sql = query.sql.replace(LIKE, "LIKE ? ESCAPE '\\'");
  return sql === query.sql ? query : { ...query, sql };
}

/** Every query through the adapter, inside transactions too, gets `ESCAPE '\'` on its LIKEs. */
function escapeLikes<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, property) {
      const value: unknown = Reflect.get(t, property, t);
      if (typeof value !== "function") return value;
      if (property === "queryRaw" || property === "executeRaw") return (query: Query) => value.call(t, sqliteLikeWithEscape(query));
      if (property === "startTransaction") return async (...args: unknown[]) => escapeLikes(await value.apply(t, args));
      return value.bind(t);
    },
  });
}

/** The SQLite adapter factory whose connections escape LIKE with a backslash, as PostgreSQL does. */
export function withLikeEscape(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  return wrapConnections(factory, escapeLikes);
}
