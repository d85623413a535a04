export function composeDatabaseUrl(env: Record<string, string | undefined>): string | undefined;
export function withSigningKeyFile(env: Record<string, string | undefined>, dir?: string): Record<string, string | undefined>;
