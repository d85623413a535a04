// `npm run seed:fleet`: a fleet to look at and to load — 1,000 live stateless-web clients with
// history, in the database DATABASE_URL names (the demo's by default).
//   npm run seed:fleet [-- --clients N --prefix fleet --skip-migrate]
// Each client was onboarded on blueprint 1.0.0 (some before versions were recorded); a little over
// half have since been updated to the current version. Every request, revision and approval is a
// row, and every step is in the change log through appendAudit, so `npm run audit:verify` holds.
// Statuses are spread by position so their counts are known: every 200th client failed (an update
// whose rollback failed), every 67th is degraded, every 97th is updating and every 50th drifted.
// Runs the migrations first; idempotent (clients already present are left as they are). Refuses
// NODE_ENV=production unless STACKPORT_DEMO=true, as `npm run db:seed` does.
//
// seed-large.ts (the audit benchmarks' million entries) writes the log's rows directly, bypassing
// appendAudit for speed, and its clients have no revisions; this one needs real histories, so it
// is its own program. The stacks are not in any CloudFormation (or the sandbox): nothing polls them.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createDb, type Db, type Tx } from "../lib/db/client";
import { seedDemoUsers } from "../lib/auth/demo-users";
import { appendAudit, appendAuditMany, type AuditInput } from "../lib/audit/append";
import { getBlueprint } from "../lib/catalog";
import { renderStack } from "../lib/render";
import { revisionContent, type RevisionContent } from "../lib/changes/revisions";
import { requiredApprovals } from "../lib/changes/state-machine";
import { DEFAULT_DATABASE_URL } from "../lib/db/target.mjs";
import { firstVersionCatalog } from "../test/support/first-version";
import { fleetClientPlan, fleetSlug } from "../test/support/fleet-plan";

if (process.env.NODE_ENV === "production" && !["true", "1"].includes(process.env.STACKPORT_DEMO ?? "")) {
  console.error("Refusing to seed a synthetic fleet: NODE_ENV is production. Set STACKPORT_DEMO=true for a demo deployment.");
  process.exit(1);
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const clientCount = Number(option("clients") ?? 1_000);
const prefix = option("prefix") ?? "fleet";
if (!Number.isInteger(clientCount) || clientCount < 1 || clientCount > 100_000)
  throw new Error("--clients needs a whole number from 1 to 100000");
if (!/^[a-z][a-z0-9-]{0,30}$/.test(prefix)) throw new Error("--prefix needs lowercase letters, digits and dashes, starting with a letter");
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const PER_TRANSACTION = 50;

const BLUEPRINT_ID = "stateless-web";
interface Actor {
  id: string;
  email: string;
}

async function ensurePeople(db: Db): Promise<{ managers: Actor[]; engineers: Actor[] }> {
  const wanted = [
    ...Array.from({ length: 5 }, (_, i) => ({ email: `${prefix}-am${i + 1}@stackport.test`, role: "ACCOUNT_MANAGER" })),
    ...Array.from({ length: 4 }, (_, i) => ({ email: `${prefix}-eng${i + 1}@stackport.test`, role: "ENGINEER" })),
  ];
  const people: (Actor & { role: string })[] = [];
  for (const w of wanted) {
    // No password: these accounts exist only as actors in the fleet's history.
    const existing = await db.user.findUnique({ where: { email: w.email } });
    const user =
      existing ??
      (await db.$transaction(async (tx) => {
        const created = await tx.user.create({ data: { email: w.email, name: w.email.split("@")[0], role: w.role } });
        await appendAudit(tx, {
          actor: { id: null, label: "system" },
          action: "user.create",
          entityType: "User",
          entityId: created.id,
          after: { email: created.email, name: created.name, role: created.role, method: "seed" },
        });
        return created;
      }));
    people.push({ id: user.id, email: user.email, role: w.role });
  }
  return { managers: people.filter((p) => p.role === "ACCOUNT_MANAGER"), engineers: people.filter((p) => p.role === "ENGINEER") };
}

const blueprint = getBlueprint(BLUEPRINT_ID)!;
const firstVersion = firstVersionCatalog();

function render(
  client: { slug: string; displayName: string; sizeId: string; environment: string; region: string; owner: string },
  number: number,
  requestId: string,
  first: boolean,
) {
  return renderStack(
    {
      blueprintId: BLUEPRINT_ID,
      sizeId: client.sizeId,
      client: {
        displayName: client.displayName,
        environment: client.environment as "production",
        region: client.region,
        owner: client.owner,
      },
      metadata: { clientSlug: client.slug, revision: number, changeRequestId: requestId },
    },
    first ? { catalog: firstVersion } : {},
  );
}

/** One row of a createMany. */
type Row<F extends (args: never) => unknown> = Exclude<NonNullable<Parameters<F>[0]>["data"], readonly unknown[]>;

/** One transaction: the clients at positions `indexes`, their revisions, requests, approvals and change-log entries. */
async function seedChunk(db: Db, people: Awaited<ReturnType<typeof ensurePeople>>, indexes: number[]) {
  const clients: Row<Db["client"]["createMany"]>[] = [];
  const revisions: (RevisionContent & { id: string; clientId: string; number: number; requestId: string })[] = [];
  const requests: Row<Db["changeRequest"]["createMany"]>[] = [];
  const approvals: { requestId: string; approverId: string; revisionSha: string; changeSetId: string | null }[] = [];
  const audit: AuditInput[] = [];

  for (const i of indexes) {
    const plan = fleetClientPlan(i);
    const n = String(i).padStart(4, "0");
    const slug = fleetSlug(prefix, i);
    const displayName = `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)} Client ${n}`;
    const owner = people.managers[plan.owner % people.managers.length];
    const clientId = randomUUID();
    const inputs = { slug, displayName, sizeId: plan.sizeId, environment: plan.environment, region: plan.region, owner: owner.email };
    const history: { kind: "CREATE" | "UPDATE"; state: "SUCCEEDED" | "FAILED"; first: boolean }[] = [
      { kind: "CREATE", state: "SUCCEEDED", first: true },
      ...(plan.updated ? [{ kind: "UPDATE" as const, state: "SUCCEEDED" as const, first: false }] : []),
      ...(plan.status === "FAILED" ? [{ kind: "UPDATE" as const, state: "FAILED" as const, first: false }] : []),
    ];
    let stackName = "";
    let base: string | null = null;
    let live: string | null = null;
    audit.push({
      actor: { id: owner.id, label: owner.email },
      action: "client.create",
      entityType: "Client",
      entityId: clientId,
      clientId,
      after: { slug, displayName, sizeId: plan.sizeId, environment: plan.environment, region: plan.region },
    });
    history.forEach((step, k) => {
      const requestId = randomUUID();
      const revisionId = randomUUID();
      const rendered = render(inputs, k + 1, requestId, step.first);
      stackName = rendered.stackName;
      const content = revisionContent(rendered, plan.sizeId);
      if (step.first && plan.unrecorded) Object.assign(content, { blueprintVersion: null, inputsDigest: null });
      revisions.push({ id: revisionId, clientId, number: k + 1, requestId, ...content });
      const needed = requiredApprovals(blueprint.approval, { kind: step.kind, sizeId: plan.sizeId, environment: plan.environment });
      const changeSetId =
        step.kind === "UPDATE"
          ? `arn:aws:cloudformation:${plan.region}:111111111111:changeSet/stackport-${requestId}/${randomUUID()}`
          : null;
      requests.push({
        id: requestId,
        clientId,
        kind: step.kind,
        state: step.state,
        requesterId: owner.id,
        fromSizeId: step.kind === "CREATE" ? null : plan.sizeId,
        toSizeId: plan.sizeId,
        baseRevisionId: base,
        revisionId,
        changeSetId,
        requiredApprovals: needed,
        reason: step.kind === "UPDATE" ? "Blueprint update" : null,
        failureReason: step.state === "FAILED" ? "UPDATE_ROLLBACK_FAILED: AppAutoScalingGroup could not be rolled back" : null,
      });
      const approvers = people.engineers.slice((i + k) % 2, ((i + k) % 2) + needed);
      for (const engineer of approvers) approvals.push({ requestId, approverId: engineer.id, revisionSha: content.sha256, changeSetId });
      const entity = { entityType: "ChangeRequest", entityId: requestId, clientId, requestId };
      audit.push(
        {
          actor: { id: owner.id, label: owner.email },
          action: "request.create",
          ...entity,
          after: {
            kind: step.kind,
            fromSizeId: step.kind === "CREATE" ? null : plan.sizeId,
            toSizeId: plan.sizeId,
            requiredApprovals: needed,
            monthlyDeltaUsd: 0,
            reason: null,
          },
        },
        {
          actor: { id: owner.id, label: owner.email },
          action: "revision.create",
          entityType: "TemplateRevision",
          entityId: revisionId,
          clientId,
          requestId,
          after: { number: k + 1, sha256: content.sha256, sizeId: plan.sizeId, blueprintVersion: content.blueprintVersion, requestId },
        },
        ...approvers.map((engineer, a) => ({
          actor: { id: engineer.id, label: engineer.email },
          action: "request.approve" as const,
          ...entity,
          before: { state: "PENDING", approvals: a },
          after: { state: a + 1 === needed ? "APPROVED" : "PENDING", approvals: a + 1, required: needed, revisionSha: content.sha256 },
        })),
        {
          actor: { id: null, label: "tracker" },
          action: "request.execute",
          ...entity,
          before: { state: "APPROVED" },
          after: { state: "EXECUTING" },
        },
        {
          actor: { id: null, label: "tracker" },
          action: step.state === "SUCCEEDED" ? "request.succeed" : "request.fail",
          ...entity,
          before: { state: "EXECUTING" },
          after: { state: step.state },
        },
      );
      if (step.state === "SUCCEEDED") live = revisionId;
      base = live;
    });
    const drift = plan.drifted
      ? {
          driftStatus: "DRIFTED",
          driftCheckedAt: new Date(),
          driftReport: JSON.stringify([{ logicalId: "AppSecurityGroup", resourceType: "AWS::EC2::SecurityGroup", status: "MODIFIED" }]),
        }
      : {};
    clients.push({
      id: clientId,
      slug,
      displayName,
      blueprintId: BLUEPRINT_ID,
      sizeId: plan.sizeId,
      environment: plan.environment,
      region: plan.region,
      ownerId: owner.id,
      status: plan.status,
      statusReason:
        plan.status === "FAILED"
          ? "The update failed and its rollback did not finish: recover the stack."
          : plan.status === "DEGRADED"
            ? "Verification: the live stack differs from the approved revision."
            : null,
      stackName,
      stackId: `arn:aws:cloudformation:${plan.region}:111111111111:stack/${stackName}/${randomUUID()}`,
      stackStatus:
        plan.status === "FAILED"
          ? "UPDATE_ROLLBACK_FAILED"
          : plan.status === "UPDATING"
            ? "UPDATE_IN_PROGRESS"
            : plan.updated
              ? "UPDATE_COMPLETE"
              : "CREATE_COMPLETE",
      ...drift,
    });
    if (plan.drifted)
      audit.push({
        actor: { id: null, label: "tracker" },
        action: "stack.drift",
        entityType: "Client",
        entityId: clientId,
        clientId,
        before: { driftStatus: null },
        after: { driftStatus: "DRIFTED" },
      });
  }

  await db.$transaction(
    async (tx: Tx) => {
      await tx.client.createMany({ data: clients });
      await tx.templateRevision.createMany({ data: revisions });
      await tx.changeRequest.createMany({ data: requests });
      await tx.approval.createMany({ data: approvals });
      // Each new client's live revision: its newest revision whose request succeeded, in one statement.
      await tx.$executeRaw`
        UPDATE "Client" SET "currentRevisionId" = (
          SELECT r."id" FROM "TemplateRevision" r JOIN "ChangeRequest" q ON q."revisionId" = r."id"
          WHERE r."clientId" = "Client"."id" AND q."state" = 'SUCCEEDED' ORDER BY r."number" DESC LIMIT 1)
        WHERE "currentRevisionId" IS NULL AND "slug" LIKE ${`${prefix}-client-%`}`;
      await appendAuditMany(tx, audit);
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
  return audit.length;
}

const started = performance.now();
// --skip-migrate: the caller migrated already (a test holding the database open, the benchmark).
if (!args.includes("--skip-migrate"))
  execFileSync(process.execPath, [path.join(import.meta.dirname, "prisma.mjs"), "migrate"], {
    stdio: "pipe",
    env: { ...process.env, DATABASE_URL: url },
  });
const { db } = createDb(url);
try {
  await seedDemoUsers(db);
  const people = await ensurePeople(db);
  const existing = new Set(
    (await db.client.findMany({ where: { slug: { startsWith: `${prefix}-client-` } }, select: { slug: true } })).map((c) => c.slug),
  );
  const missing = Array.from({ length: clientCount }, (_, k) => k + 1).filter(
    (i) => !existing.has(`${prefix}-client-${String(i).padStart(4, "0")}`),
  );
  let entries = 0;
  for (let k = 0; k < missing.length; k += PER_TRANSACTION) {
    entries += await seedChunk(db, people, missing.slice(k, k + PER_TRANSACTION));
    process.stdout.write(`\r  ${Math.min(k + PER_TRANSACTION, missing.length)} / ${missing.length} clients`);
  }
  if (missing.length) process.stdout.write("\n");
  console.log(
    `seed:fleet: ${missing.length} clients added (${existing.size} were there), ${entries} change-log entries, in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
} finally {
  await db.$disconnect();
}
