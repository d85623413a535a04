export const DEFAULT_DATABASE_URL: string;
export type DatabaseTarget =
  { provider: "postgresql"; url: string; connectionString: string; schema: string } | { provider: "sqlite"; url: string; file: string };
export function databaseTarget(raw: string | undefined): DatabaseTarget;
export function ensureDatabase(target: DatabaseTarget): Promise<void>;
