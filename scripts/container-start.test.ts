// The container entrypoint (scripts/container-start.mjs): the DATABASE_URL it composes from the
// parts ECS injects must reach node-postgres byte for byte, and its health check must fail when
// the portal stops answering.
import { spawn } from "node:child_process";
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { composeDatabaseUrl, withSigningKeyFile } from "./container-start.mjs";
import { databaseTarget } from "../lib/db/target.mjs";

const dir = mkdtempSync(path.join(os.tmpdir(), "stackport-entrypoint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parts = {
  DATABASE_HOST: "portal-db.abc123.us-east-1.rds.amazonaws.com",
  DATABASE_PORT: "5432",
  DATABASE_NAME: "stackport",
  DATABASE_USERNAME: "stackport",
};

/** What node-postgres (and so the portal and Prisma's adapter) will connect with. */
function connectionOf(url: string) {
  const { connectionString } = databaseTarget(url) as { connectionString: string };
  const c = new pg.Client({ connectionString }) as unknown as {
    user: string;
    password: string;
    host: string;
    port: number;
    database: string;
    ssl: unknown;
  };
  return { user: c.user, password: c.password, host: c.host, port: c.port, database: c.database, ssl: c.ssl };
}

describe("withSigningKeyFile", () => {
  const pem = String(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }));

  it("writes the injected key to a file only its owner reads, and keeps the key itself out of the portal's environment", () => {
    const env = withSigningKeyFile({ AUDIT_SIGNING_KEY_PEM: pem, PORT: "3000" }, dir);
    expect(env.AUDIT_SIGNING_KEY_PEM).toBeUndefined();
    expect(env.PORT).toBe("3000");
    const file = String(env.AUDIT_SIGNING_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(createPrivateKey(readFileSync(file, "utf8")).asymmetricKeyType).toBe("ed25519");
  });

  it("leaves a key file that is already named alone, and refuses a value that is not a PEM private key", () => {
    expect(withSigningKeyFile({ AUDIT_SIGNING_KEY_PEM: pem, AUDIT_SIGNING_KEY_FILE: "/run/key.pem" }, dir)).toEqual({
      AUDIT_SIGNING_KEY_FILE: "/run/key.pem",
    });
    expect(withSigningKeyFile({}, dir)).toEqual({});
    expect(() => withSigningKeyFile({ AUDIT_SIGNING_KEY_PEM: "not a key" }, dir)).toThrow(/PKCS #8 PEM private key/);
  });
});

describe("composeDatabaseUrl", () => {
  // Secrets Manager passwords may hold any printable character; these are the ones a URL reads.
  it.each(["plain", "p@ss:w/rd?#[]", "100%sure&x=1", "sp ace+plus", `quo"te'back\`slash\\`, "ü-ñ-€"])(
    "delivers the password %j unchanged",
    (password) => {
      const url = composeDatabaseUrl({ ...parts, DATABASE_PASSWORD: password })!;
      expect(connectionOf(url)).toMatchObject({
        user: "stackport",
        password,
        host: parts.DATABASE_HOST,
        port: 5432,
        database: "stackport",
      });
      expect(databaseTarget(url)).toMatchObject({ provider: "postgresql", schema: "public" });
    },
  );

  it("requires TLS with a verified host name when a CA bundle is given", () => {
    const bundle = path.join(dir, "rds-ca.pem");
    writeFileSync(bundle, "-----BEGIN CERTIFICATE-----\nTEST\n-----END CERTIFICATE-----\n");
    const url = composeDatabaseUrl({ ...parts, DATABASE_PASSWORD: "x", DATABASE_SSL_ROOT_CERT: bundle })!;
    const { ssl } = connectionOf(url) as { ssl: { ca?: string; rejectUnauthorized?: boolean } };
    expect(ssl.ca).toContain("TEST");
    expect(ssl.rejectUnauthorized).not.toBe(false);
  });

  it("keeps an explicit DATABASE_URL, and leaves the default when no part is set", () => {
    expect(composeDatabaseUrl({ DATABASE_URL: "file:./x.db", ...parts, DATABASE_PASSWORD: "x" })).toBe("file:./x.db");
    expect(composeDatabaseUrl({})).toBeUndefined();
  });

  it("names the missing parts instead of connecting somewhere unexpected", () => {
    expect(() => composeDatabaseUrl({ DATABASE_HOST: "db.example.com" })).toThrow(
      "DATABASE_USERNAME, DATABASE_PASSWORD must be set together with DATABASE_HOST",
    );
    expect(() => composeDatabaseUrl({ ...parts, DATABASE_PASSWORD: "x", DATABASE_PORT: "5432/evil" })).toThrow("DATABASE_PORT");
    expect(() => composeDatabaseUrl({ ...parts, DATABASE_PASSWORD: "x", DATABASE_HOST: "evil@host" })).toThrow("DATABASE_HOST");
  });
});

describe("container health check (--check)", () => {
  const script = path.join(import.meta.dirname, "container-start.mjs");
  const runCheck = (port: number) =>
    new Promise<number | null>((resolve) => {
      const env = { PATH: process.env.PATH ?? "", PORT: String(port) } as unknown as NodeJS.ProcessEnv;
      spawn(process.execPath, [script, "--check"], { env, stdio: "ignore" }).on("exit", resolve);
    });
  const serve = (status: number) =>
    new Promise<{ server: Server; port: number }>((resolve) => {
      const server = createServer((req, res) => res.writeHead(req.url === "/api/health" ? status : 404).end()).listen(
        0,
        "127.0.0.1",
        () => {
          resolve({ server, port: (server.address() as { port: number }).port });
        },
      );
    });

  it("passes while /api/health answers 200 and fails on an error answer or no answer", async () => {
    const ok = await serve(200);
    const broken = await serve(500);
    try {
      expect(await runCheck(ok.port)).toBe(0);
      expect(await runCheck(broken.port)).toBe(1);
    } finally {
      ok.server.close();
      broken.server.close();
    }
    expect(await runCheck(ok.port)).toBe(1); // closed: connection refused
  });
});
