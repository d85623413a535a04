export function composeDatabaseUrl(env: Record<string, string | undefined>): string | undefined;
