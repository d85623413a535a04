import { databaseTarget } from "../../lib/db/target.mjs";
import { db } from "../../lib/db";

/** Runs raw SQL that differs per database (trigger DDL in tamper tests). */
export async function execRaw(sql: { sqlite: string; postgresql: string }) {
  const target = databaseTarget(process.env.DATABASE_URL);
  await db.$executeRawUnsafe(target.provider === "postgresql" ? sql.postgresql : sql.sqlite);
}

export const uniqueEmail = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@stackport.test`;
