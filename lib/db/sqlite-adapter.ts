import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

/** A connection Prisma's SQLite adapter factory makes. */
export type SqliteAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

/** The factory, with `wrap` applied to every connection it makes (the shadow database's too). */
export function wrapConnections(factory: PrismaBetterSQLite3, wrap: (adapter: SqliteAdapter) => SqliteAdapter): PrismaBetterSQLite3 {
  return new Proxy(factory, {
    get(t, property) {
      const value: unknown = Reflect.get(t, property, t);
      if (typeof value !== "function") return value;
      if (property === "connect" || property === "connectToShadowDb")
        return async () => wrap(await (value as () => Promise<SqliteAdapter>).call(t));
      return value.bind(t);
    },
  });
}
