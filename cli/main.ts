import { randomUUID } from "node:crypto";
import { Command, Option } from "commander";
import { createStackportClient, type StackportClient } from "../lib/api/client";
import { CliError, ok, processIo, table, type Io } from "./output";
import { addRolloutCommands } from "./rollouts";
import { watch } from "./watch";

// `stackport`: the automation API from a terminal. Reads STACKPORT_URL and STACKPORT_TOKEN; prints
// tables for people and, with --json, JSON for scripts. Exit codes: 0 done, 1 refused or failed, 2 usage.

type Env = Record<string, string | undefined>;

function clientFrom(env: Env, fetchImpl?: typeof fetch): StackportClient {
  const token = env.STACKPORT_TOKEN;
  if (!token) throw new CliError("Set STACKPORT_TOKEN to an API token (create one under Your API tokens in the portal).", 2);
  return createStackportClient({ baseUrl: env.STACKPORT_URL ?? "http://localhost:3000", token, fetch: fetchImpl });
}

export function program(io: Io = processIo, env: Env = process.env, fetchImpl?: typeof fetch, outcome = { exitCode: 0 }): Command {
  const api = () => clientFrom(env, fetchImpl);
  const cli = new Command("stackport")
    .description("Stackport from the command line: onboard clients, review requests, follow launches, roll changes out to the fleet.")
    .addHelpText("after", "\nEnvironment: STACKPORT_URL (default http://localhost:3000), STACKPORT_TOKEN (an spk_ API token).")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const json = new Option("--json", "print JSON for scripts");

  const clients = cli.command("clients").description("clients");
  clients
    .command("list")
    .description("list clients")
    .option("--status <status>", "only clients in this status (e.g. ACTIVE)")
    .option("--env <environment>", "production or staging")
    .option("-q, --query <text>", "part of the name or slug")
    .addOption(json)
    .action(async (o: { status?: string; env?: string; query?: string; json?: boolean }) => {
      const page = ok(
        await api().GET("/api/v1/clients", {
          params: { query: { status: o.status?.toUpperCase() as never, environment: o.env as never, q: o.query } },
        }),
      );
      if (o.json) return io.out(JSON.stringify(page.items, null, 2));
      if (!page.items.length) return io.out("No clients match.");
      io.out(
        table(
          ["Slug", "Name", "Size", "Env", "Status"],
          page.items.map((c) => [c.slug, c.displayName, c.sizeId, c.environment, c.status]),
        ),
      );
      if (page.next) io.out(`(${page.items.length} of ${page.total}; more with --query)`);
    });

  const request = cli.command("request").description("file a change request");
  request
    .command("onboard")
    .description("onboard a client (the request then waits for an engineer's approval)")
    .requiredOption("--name <name>", "the client's name")
    .requiredOption("--size <size>", "small, medium, large or enterprise")
    .requiredOption("--env <environment>", "production or staging")
    .option("--region <region>", "AWS region", "us-east-1")
    .option("--blueprint <blueprint>", "blueprint id", "stateless-web")
    .option("--idempotency-key <key>", "retry safely with the same key (default: a new one)")
    .addOption(json)
    .action(
      async (o: {
        name: string;
        size: string;
        env: string;
        region: string;
        blueprint: string;
        idempotencyKey?: string;
        json?: boolean;
      }) => {
        const created = ok(
          await api().POST("/api/v1/requests/onboard", {
            params: { header: { "Idempotency-Key": o.idempotencyKey ?? randomUUID() } },
            body: { displayName: o.name, sizeId: o.size, environment: o.env as never, region: o.region, blueprintId: o.blueprint },
          }),
        );
        if (o.json) return io.out(JSON.stringify(created, null, 2));
        io.out(
          `Request ${created.id} filed: onboard ${created.client.displayName} (${created.client.slug}), ${created.toSizeId}, ${created.client.environment}.`,
        );
        io.out(`It needs ${created.requiredApprovals} engineer approval(s). Follow it with: stackport watch ${created.client.slug}`);
      },
    );

  request
    .command("update <client>")
    .description("move a live client to the current blueprint version and/or change its settings (reviewed like a resize)")
    .option("--set <Parameter=value...>", "a setting the blueprint lets you change, e.g. --set CertificateArn=arn:aws:acm:…")
    .option("--reason <text>", "why (shown to the reviewers)")
    .option("--idempotency-key <key>", "retry safely with the same key (default: a new one)")
    .addOption(json)
    .action(async (slug: string, o: { set?: string[]; reason?: string; idempotencyKey?: string; json?: boolean }) => {
      const overrides: Record<string, string> = {};
      for (const pair of o.set ?? []) {
        const at = pair.indexOf("=");
        if (at < 1) throw new CliError(`--set ${pair}: use Parameter=value`, 2);
        overrides[pair.slice(0, at)] = pair.slice(at + 1);
      }
      const created = ok(
        await api().POST("/api/v1/clients/{slug}/requests/update", {
          params: { path: { slug }, header: { "Idempotency-Key": o.idempotencyKey ?? randomUUID() } },
          body: { overrides, reason: o.reason },
        }),
      );
      if (o.json) return io.out(JSON.stringify(created, null, 2));
      io.out(`Request ${created.id} filed: update ${created.client.displayName} (${created.client.slug}).`);
      io.out(`It needs ${created.requiredApprovals} engineer approval(s). Follow it with: stackport watch ${created.client.slug}`);
    });

  const requests = cli.command("requests").description("change requests");
  requests
    .command("list")
    .description("list change requests, newest first")
    .option("--state <state>", "e.g. pending, approved, succeeded")
    .option("--client <slug>", "one client's requests")
    .option("--mine", "only requests I made")
    .addOption(json)
    .action(async (o: { state?: string; client?: string; mine?: boolean; json?: boolean }) => {
      const page = ok(
        await api().GET("/api/v1/requests", {
          params: { query: { state: o.state as never, client: o.client, mine: o.mine ? "true" : undefined } },
        }),
      );
      if (o.json) return io.out(JSON.stringify(page.items, null, 2));
      if (!page.items.length) return io.out("No requests match.");
      io.out(
        table(
          ["Id", "Kind", "Client", "Size", "State", "Approvals", "Requested by"],
          page.items.map((r) => [
            r.id,
            r.kind,
            r.client.slug,
            r.toSizeId ?? r.fromSizeId,
            r.state,
            `${r.approvals}/${r.requiredApprovals}`,
            r.requester.email,
          ]),
        ),
      );
    });

  const decide = (verb: "approve" | "reject") => async (id: string, o: { comment?: string; json?: boolean }) => {
    const client = api();
    const read = await client.GET("/api/v1/requests/{id}", { params: { path: { id } } });
    const current = ok(read);
    // Decide on what was read: If-Match makes a request that changed meanwhile answer 412.
    const header = { "If-Match": read.response.headers.get("etag") ?? `"v${current.version}"` };
    const result = ok(
      verb === "approve"
        ? await client.POST("/api/v1/requests/{id}/approve", { params: { path: { id }, header }, body: { comment: o.comment } })
        : await client.POST("/api/v1/requests/{id}/reject", { params: { path: { id }, header }, body: { comment: o.comment ?? "" } }),
    );
    if (o.json) return io.out(JSON.stringify(result, null, 2));
    const r = result.request;
    io.out(
      verb === "reject"
        ? `Rejected ${r.id}.`
        : r.state === "APPROVED"
          ? `Approved ${r.id}: it starts shortly. Follow it with: stackport watch ${r.client.slug}`
          : `Your approval of ${r.id} is recorded (${r.approvals}/${r.requiredApprovals}); another engineer must approve too.`,
    );
  };
  cli
    .command("approve <id>")
    .description("approve a request (people's tokens only)")
    .option("--comment <text>")
    .addOption(json)
    .action(decide("approve"));
  cli
    .command("reject <id>")
    .description("reject a request")
    .requiredOption("--comment <text>", "why")
    .addOption(json)
    .action(decide("reject"));

  addRolloutCommands(cli, api, io, json);

  cli
    .command("watch <client>")
    .description("follow a client's operation with a progress bar until it ends (exit 0 on success)")
    .option("--timeout <seconds>", "how long to wait for the request to start", "900")
    .addOption(json)
    .action(async (slug: string, o: { timeout: string; json?: boolean }) => {
      outcome.exitCode = await watch(api(), slug, io, { json: Boolean(o.json), timeoutMs: Number(o.timeout) * 1000 });
    });
  return cli;
}

export async function main(argv: string[], io: Io = processIo, env: Env = process.env, fetchImpl?: typeof fetch): Promise<number> {
  try {
    const outcome = { exitCode: 0 };
    await program(io, env, fetchImpl, outcome).parseAsync(argv);
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`stackport: ${error.message}`);
      return error.exitCode;
    }
    if (error && typeof error === "object" && "exitCode" in error && "code" in error) {
      const code = Number((error as { exitCode: number }).exitCode);
      return String((error as { code: string }).code).startsWith("commander.help") || code === 0 ? 0 : 2;
    }
    if (error instanceof TypeError && /fetch failed/.test(error.message)) {
      io.err(
        `stackport: cannot reach ${env.STACKPORT_URL ?? "http://localhost:3000"} (${(error.cause as Error | undefined)?.message ?? error.message})`,
      );
      return 1;
    }
    throw error;
  }
}
