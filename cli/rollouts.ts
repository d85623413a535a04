import { randomUUID } from "node:crypto";
import type { Command, Option } from "commander";
import type { components, StackportClient } from "../lib/api/client";
import { ok, table, type Io } from "./output";

// `stackport rollouts …`: a fleet rollout from a terminal, the rollout pages' steps over
// /api/v1/rollouts. An approval is of the manifest hash the engineer read (`rollouts show`), never
// one the CLI fetched for them; approve and the controls send the ETag they read as If-Match.

type RolloutDetail = components["schemas"]["RolloutDetail"];
type Rollout = components["schemas"]["Rollout"];

interface SelectionOptions {
  blueprint: string;
  behind?: string;
  size?: string;
  env?: string;
  region?: string;
  owner?: string;
}

function withSelection(command: Command): Command {
  return command
    .option("--blueprint <blueprint>", "blueprint id", "stateless-web")
    .option("--behind <version>", "only clients below this version, e.g. 1.1.0 (default: the blueprint's current one)")
    .option("--size <size>", "only this client size, e.g. medium")
    .option("--env <environment>", "production or staging")
    .option("--region <region>", "only clients in this AWS region")
    .option("--owner <user id>", "only this account manager's clients");
}

const selectionOf = (o: SelectionOptions) => ({
  blueprintId: o.blueprint,
  behindVersion: o.behind,
  sizeId: o.size,
  environment: o.env as never,
  region: o.region,
  ownerId: o.owner,
});

const plural = (n: number, one: string) => `${n.toLocaleString("en")} ${one}${n === 1 ? "" : "s"}`;
const usd = (amount: number) => `${amount > 0 ? "+" : amount < 0 ? "-" : ""}$${Math.abs(Math.round(amount)).toLocaleString("en-US")}`;
const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** The rollout page, as lines: its sentence, what it changes, the waves, the manifest and its approvals. */
function detailLines(r: RolloutDetail): string[] {
  const lines = [
    `Rollout ${r.id}: ${r.blueprintId} ${r.toVersion} (${r.stateLabel})`,
    r.sentence + (r.eta.sentence ? ` ${r.eta.sentence}.` : ""),
  ];
  if (r.reason) lines.push(`Why: ${r.reason}`);
  if (r.groups.length) {
    lines.push("", `What it changes: ${r.groupsSentence} · ${usd(r.monthlyDeltaUsd)} a month in total`);
    for (const g of r.groups) {
      const differences = g.differences.length ? ` (${g.differences.join("; ")})` : "";
      lines.push(`  ${g.label}: ${plural(g.clients, "client")}${differences} · ${usd(g.monthlyCostDelta)} a month`);
      lines.push(
        `     ${g.sampleNames.join(", ")}${g.clients > g.sampleNames.length ? ` and ${g.clients - g.sampleNames.length} more` : ""}`,
      );
      lines.push(
        ...(g.disruptions.length
          ? g.disruptions.map((d) => `     disruptive: ${d}`)
          : ["     no disruption: nothing is replaced or removed; no disruptive parameter changes"]),
      );
      for (const c of g.resourceChanges)
        lines.push(
          `     ${c.action === "Add" ? "adds" : c.action === "Remove" ? "removes" : "modifies"} ${c.logicalId} (${c.resourceType})`,
        );
    }
  }
  if (r.excluded.total) {
    lines.push("", `Not included (${r.excluded.total}):`);
    for (const t of r.excluded.items) lines.push(`  ${t.client.slug}: ${t.reason ?? ""}`);
  }
  if (r.waves.length) {
    lines.push(
      "",
      table(
        ["Wave", "Clients", "Progress", "Rules"],
        r.waves.map((w) => [
          w.label,
          w.count,
          [
            `${r.state === "REVIEW" || r.state === "PREPARING" ? "" : `${w.phase}: `}${w.done}/${w.count} done`,
            w.running ? `${w.running} updating` : "",
            w.waiting ? `${w.waiting} waiting for their window` : "",
            w.failed ? `${w.failed} failed` : "",
          ]
            .filter(Boolean)
            .join(", "),
          w.rules,
        ]),
      ),
    );
  }
  lines.push("", `Manifest sha256: ${r.manifestHash ?? "none yet"}`, `Approvals: ${r.approvalsSentence}`);
  for (const a of r.approvals)
    lines.push(`  ${a.approver.name} <${a.approver.email}> on ${when(a.createdAt)}${a.comment ? `: "${a.comment}"` : ""}`);
  if (r.state === "REVIEW" && r.manifestHash && r.planned > 0)
    lines.push(`Another engineer approves what is above with: stackport rollouts approve ${r.id} --manifest ${r.manifestHash}`);
  return lines;
}

export function addRolloutCommands(cli: Command, api: () => StackportClient, io: Io, json: Option): void {
  const rollouts = cli.command("rollouts").description("fleet rollouts: one reviewed change to many clients, in waves");

  withSelection(rollouts.command("count").description("how many live clients a selection matches now"))
    .addOption(json)
    .action(async (o: SelectionOptions & { json?: boolean }) => {
      const count = ok(await api().GET("/api/v1/rollouts/count", { params: { query: selectionOf(o) } }));
      if (o.json) return io.out(JSON.stringify(count, null, 2));
      const n = count.count;
      io.out(
        n === 0
          ? "No live client matches this selection."
          : `${plural(n, "live client")} behind ${count.behindVersion} match${n === 1 ? "es" : ""}.`,
      );
    });

  rollouts
    .command("list")
    .description("list rollouts, newest first")
    .addOption(json)
    .action(async (o: { json?: boolean }) => {
      const page = ok(await api().GET("/api/v1/rollouts", {}));
      if (o.json) return io.out(JSON.stringify(page.items, null, 2));
      if (!page.items.length) return io.out("No rollouts yet.");
      io.out(
        table(
          ["Id", "State", "Blueprint", "Clients", "Created"],
          page.items.map((r) => [
            r.id,
            r.stateLabel,
            `${r.blueprintId} ${r.toVersion}`,
            r.planned,
            `${when(r.createdAt)} by ${r.createdBy.email}`,
          ]),
        ),
      );
      if (page.next) io.out(`(the newest ${page.items.length}; older ones are on the portal's Rollouts page)`);
    });

  rollouts
    .command("show <id>")
    .description("a rollout: its state, what it changes by group, its waves, manifest hash and approvals")
    .addOption(json)
    .action(async (id: string, o: { json?: boolean }) => {
      const detail = ok(await api().GET("/api/v1/rollouts/{id}", { params: { path: { id } } }));
      if (o.json) return io.out(JSON.stringify(detail, null, 2));
      io.out(detailLines(detail).join("\n"));
    });

  rollouts
    .command("targets <id>")
    .description("the rollout's clients in plan order, with their results and the target ids skip and retry take")
    .option("--result <result>", "all, failed, running, updated, skipped or waiting", "all")
    .addOption(json)
    .action(async (id: string, o: { result: string; json?: boolean }) => {
      const page = ok(await api().GET("/api/v1/rollouts/{id}/targets", { params: { path: { id }, query: { result: o.result as never } } }));
      if (o.json) return io.out(JSON.stringify(page.items, null, 2));
      if (!page.items.length) return io.out("No client of this rollout matches.");
      io.out(
        table(
          ["Target", "Client", "Wave", "Result", "Reason"],
          page.items.map((t) => [t.id, t.client.slug, t.waveLabel, t.resultLabel, t.reason]),
        ),
      );
      if (page.next) io.out(`(the first ${page.items.length}; narrow with --result)`);
    });

  withSelection(
    rollouts.command("create").description("prepare a rollout of the blueprint's current version to the clients a selection matches"),
  )
    .requiredOption("--reason <text>", "why (shown to the reviewers)")
    .option("--idempotency-key <key>", "retry safely with the same key (default: a new one)")
    .addOption(json)
    .action(async (o: SelectionOptions & { reason: string; idempotencyKey?: string; json?: boolean }) => {
      const created = ok(
        await api().POST("/api/v1/rollouts", {
          params: { header: { "Idempotency-Key": o.idempotencyKey ?? randomUUID() } },
          body: { ...selectionOf(o), reason: o.reason },
        }),
      );
      if (o.json) return io.out(JSON.stringify(created, null, 2));
      io.out(
        `Rollout ${created.id} of ${created.blueprintId} ${created.toVersion} is being prepared: a change set for each client, a few at a time.`,
      );
      io.out(`Review it once it waits for approval with: stackport rollouts show ${created.id}`);
    });

  /** Reads the rollout and acts on what was read: If-Match makes a rollout that changed meanwhile answer 412. */
  const ifMatchOf = async (client: StackportClient, id: string) => {
    const read = await client.GET("/api/v1/rollouts/{id}", { params: { path: { id } } });
    const current = ok(read);
    return { "If-Match": read.response.headers.get("etag") ?? `"v${current.version}"` };
  };
  const printAction = (result: { rollout: Rollout }, o: { json?: boolean }, sentence: string) =>
    io.out(o.json ? JSON.stringify(result, null, 2) : sentence);

  rollouts
    .command("approve <id>")
    .description("approve the manifest you reviewed with `rollouts show` (engineers other than its creator; people's tokens only)")
    .requiredOption("--manifest <hash>", "the manifest sha256 that `rollouts show` printed")
    .option("--comment <text>")
    .addOption(json)
    .action(async (id: string, o: { manifest: string; comment?: string; json?: boolean }) => {
      const client = api();
      const header = await ifMatchOf(client, id);
      const result = ok(
        await client.POST("/api/v1/rollouts/{id}/approve", {
          params: { path: { id }, header },
          body: { manifestHash: o.manifest, comment: o.comment },
        }),
      );
      const r = result.rollout;
      printAction(
        result,
        o,
        result.approved
          ? `Approved ${r.id}: ${r.stateLabel.toLowerCase()}, the first wave starts shortly. Follow it with: stackport rollouts show ${r.id}`
          : `Your approval of ${r.id} is recorded (${result.approvals ?? 0}/${r.requiredApprovals}); another engineer must approve too.`,
      );
    });

  const controls = {
    pause: ["pause: no new client starts; those updating finish", "Paused"],
    resume: ["resume a paused or halted rollout", "Resumed"],
    abort: ["abort: nothing new starts, updated clients stay so, requests not begun are cancelled", "Aborted"],
  } as const;
  for (const [verb, [description, done]] of Object.entries(controls) as [
    keyof typeof controls,
    (typeof controls)[keyof typeof controls],
  ][]) {
    rollouts
      .command(`${verb} <id>`)
      .description(description)
      .option("--reason <text>", "why (in the change log)")
      .addOption(json)
      .action(async (id: string, o: { reason?: string; json?: boolean }) => {
        const client = api();
        const header = await ifMatchOf(client, id);
        const result = ok(
          await client.POST(`/api/v1/rollouts/{id}/${verb}`, { params: { path: { id }, header }, body: { reason: o.reason } }),
        );
        printAction(result, o, `${done} ${result.rollout.id}: it is ${result.rollout.stateLabel.toLowerCase()}.`);
      });
  }

  rollouts
    .command("skip <id> <targetId>")
    .description("take one client out of the rollout (before approval its manifest changes: review and approve again)")
    .requiredOption("--reason <text>", "why it is skipped")
    .addOption(json)
    .action(async (id: string, targetId: string, o: { reason: string; json?: boolean }) => {
      const result = ok(
        await api().POST("/api/v1/rollouts/{id}/targets/{targetId}/skip", {
          params: { path: { id, targetId } },
          body: { reason: o.reason },
        }),
      );
      printAction(result, o, `Skipped ${targetId} in ${result.rollout.id} (${result.rollout.stateLabel.toLowerCase()}).`);
    });

  rollouts
    .command("retry <id> <targetId>")
    .description("try a failed client again: a new change set, so the rollout is prepared and reviewed again")
    .addOption(json)
    .action(async (id: string, targetId: string, o: { json?: boolean }) => {
      const result = ok(await api().POST("/api/v1/rollouts/{id}/targets/{targetId}/retry", { params: { path: { id, targetId } } }));
      printAction(
        result,
        o,
        `Retrying ${targetId} in ${result.rollout.id}: it is prepared again; review and approve it with stackport rollouts show ${result.rollout.id}`,
      );
    });
}
