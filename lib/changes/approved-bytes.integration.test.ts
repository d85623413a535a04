import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "../../sandbox/testing/spawn";
import { db } from "../db";
import { resetEnv } from "../env";
import { onboardClient } from "./onboard-client";
import { approveRequest } from "./decide";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { execRaw } from "../../test/support/db";

// Issue 16 / security review M6: the executor deployed whatever the database held. An insider
// who edits an approved revision's parameters (or sets a request APPROVED) by SQL must see
// nothing reach CloudFormation: the sandbox's call log shows no CreateStack.
let sandbox: RunningSandbox;
let endpointId: string;
const saved = process.env.CLOUDFORMATION_ENDPOINT;

const TRIGGER = {
  drop: {
    sqlite: `DROP TRIGGER "TemplateRevision_no_update"`,
    postgresql: `DROP TRIGGER "TemplateRevision_no_update" ON "TemplateRevision"`,
  },
  create: {
    sqlite: `CREATE TRIGGER "TemplateRevision_no_update" BEFORE UPDATE ON "TemplateRevision" BEGIN SELECT RAISE(ABORT, 'TemplateRevision is append-only'); END`,
    postgresql: `CREATE TRIGGER "TemplateRevision_no_update" BEFORE UPDATE ON "TemplateRevision" FOR EACH ROW EXECUTE FUNCTION "stackport_append_only"()`,
  },
};

/** The insider: drops the trigger, rewrites one parameter value of the revision, puts the trigger back. */
async function editParameters(revisionId: string) {
  const revision = await db.templateRevision.findUniqueOrThrow({ where: { id: revisionId } });
  const parameters = JSON.parse(revision.parameters) as { ParameterKey: string; ParameterValue: string }[];
  parameters[0] = { ...parameters[0], ParameterValue: `${parameters[0].ParameterValue}-evil` };
  await execRaw(TRIGGER.drop);
  try {
    await db.$executeRaw`UPDATE "TemplateRevision" SET "parameters" = ${JSON.stringify(parameters)} WHERE "id" = ${revisionId}`;
  } finally {
    await execRaw(TRIGGER.create);
  }
}

const calls = async (action: string) => {
  const stats = (await (await fetch(`${sandbox.endpoint}/_sandbox/stats`)).json()) as { calls: Record<string, number> };
  return stats.calls[action] ?? 0;
};

async function approvedOnboarding(name: string) {
  const [am, eng] = await Promise.all([makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER")]);
  const request = await onboardClient(am, {
    displayName: uniqueClientName(name),
    environment: "staging",
    region: "us-east-1",
    blueprintId: "stateless-web",
    sizeId: "small",
  });
  const result = await approveRequest(eng, { requestId: request.id, version: request.version });
  expect(result.approved).toBe(true);
  return request;
}

async function executor() {
  const [{ beginExecution }, { loadOperation, startOperation }] = await Promise.all([import("./execute"), import("../tracker/start")]);
  return {
    async run(requestId: string) {
      const op = await beginExecution(requestId, "test-worker", 60_000);
      if (op) await startOperation((await loadOperation(op.id))!);
      return op;
    },
    beginExecution,
    loadOperation,
    startOperation,
  };
}

beforeAll(async () => {
  sandbox = await startSandbox();
  process.env.CLOUDFORMATION_ENDPOINT = sandbox.endpoint;
  process.env.AWS_ACCESS_KEY_ID ??= "sandbox";
  process.env.AWS_SECRET_ACCESS_KEY ??= "sandbox";
  resetEnv();
  const admin = await makeUser("ADMIN");
  endpointId = (
    await db.webhookEndpoint.create({
      data: { url: "https://hooks.example.com/x", secret: "s", events: JSON.stringify(["launch.failed"]), createdById: admin.id },
    })
  ).id;
}, 60_000);

afterAll(async () => {
  if (saved === undefined) delete process.env.CLOUDFORMATION_ENDPOINT;
  else process.env.CLOUDFORMATION_ENDPOINT = saved;
  resetEnv();
  await db.webhookDelivery.deleteMany({ where: { endpointId } });
  await db.webhookEndpoint.deleteMany({ where: { id: endpointId } });
  await sandbox?.stop();
  await db.$disconnect();
});

describe("only approved bytes deploy", () => {
  it("deploys an approved revision as approved (the control: CreateStack is sent)", async () => {
    const request = await approvedOnboarding("Honest");
    const before = await calls("CreateStack");
    await (await executor()).run(request.id);
    expect(await calls("CreateStack")).toBe(before + 1);
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe("EXECUTING");
  });

  it("never deploys a revision whose parameters were edited by SQL after approval", async () => {
    const request = await approvedOnboarding("Tampered");
    await editParameters(request.revisionId!);
    const before = await calls("CreateStack");
    const op = await (await executor()).run(request.id);
    expect(op).toBeNull();
    expect(await calls("CreateStack")).toBe(before);
    const refused = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(refused.state).toBe("FAILED");
    expect(refused.failureReason).toMatch(/^What would be sent to CloudFormation is not what was approved: 0 of 1 approvals match it/);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "request.execute_refused", entityId: request.id } });
    expect(JSON.parse(entry.after!)).toMatchObject({ state: "FAILED" });
    const webhook = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId, event: "launch.failed" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(webhook.payload).data.request.id).toBe(request.id);
  });

  it("checks again right before the CloudFormation call: an edit after the operation began is not sent", async () => {
    const request = await approvedOnboarding("Late");
    const ex = await executor();
    const op = await ex.beginExecution(request.id, "test-worker", 60_000);
    expect(op).not.toBeNull();
    await editParameters(request.revisionId!);
    const before = await calls("CreateStack");
    await ex.startOperation((await ex.loadOperation(op!.id))!);
    expect(await calls("CreateStack")).toBe(before);
    expect((await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe("FAILED");
    expect((await db.operation.findUniqueOrThrow({ where: { id: op!.id } })).phase).toBe("DONE");
  });

  it("refuses a request set to APPROVED by SQL with no approvals", async () => {
    const am = await makeUser("ACCOUNT_MANAGER");
    const request = await onboardClient(am, {
      displayName: uniqueClientName("Unapproved"),
      environment: "staging",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "small",
    });
    await db.$executeRaw`UPDATE "ChangeRequest" SET "state" = 'APPROVED' WHERE "id" = ${request.id}`;
    const before = await calls("CreateStack");
    await (await executor()).run(request.id);
    expect(await calls("CreateStack")).toBe(before);
    const refused = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(refused).toMatchObject({ state: "FAILED", failureReason: "It has no approvals, but 1 is needed" });
  });

  // Issue 16: the recount trusted any Approval row, so an insider could insert the missing second
  // approval by SQL. A counted approval now needs its request.approve entry in the hash chain.
  it("never counts an approval row inserted by SQL: a request needing two approvals is refused", async () => {
    const [am, eng1, eng2] = await Promise.all([makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER"), makeUser("ENGINEER")]);
    const request = await onboardClient(am, {
      displayName: uniqueClientName("Forged"),
      environment: "staging",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "large",
    });
    expect(request.requiredApprovals).toBe(2);
    expect(await approveRequest(eng1, { requestId: request.id, version: request.version })).toMatchObject({
      approved: false,
      approvals: 1,
    });
    const { revisionSha } = await db.approval.findFirstOrThrow({ where: { requestId: request.id, approverId: eng1.id } });
    // The insider writes eng2's approval of exactly those bytes, then marks the request approved.
    await db.$executeRaw`INSERT INTO "Approval" ("id", "requestId", "approverId", "revisionSha") VALUES (${`forged-${request.id}`}, ${request.id}, ${eng2.id}, ${revisionSha})`;
    await db.$executeRaw`UPDATE "ChangeRequest" SET "state" = 'APPROVED' WHERE "id" = ${request.id}`;

    const [creates, executes] = [await calls("CreateStack"), await calls("ExecuteChangeSet")];
    expect(await (await executor()).run(request.id)).toBeNull();
    expect(await calls("CreateStack")).toBe(creates);
    expect(await calls("ExecuteChangeSet")).toBe(executes);
    const refused = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(refused.state).toBe("FAILED");
    expect(refused.failureReason).toBe(
      `Approvals without a valid change-log entry were not counted (${eng2.email}: no request.approve entry in the change log records it): 1 of 2 approvals are valid`,
    );
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "request.execute_refused", entityId: request.id } });
    expect(JSON.parse(entry.after!)).toMatchObject({
      state: "FAILED",
      reason: refused.failureReason,
      unrecordedApprovals: [{ approverId: eng2.id, problem: "no request.approve entry in the change log records it" }],
    });
  });

  it("counts two approvals made through the portal, each with its entry (the control: CreateStack is sent)", async () => {
    const [am, eng1, eng2] = await Promise.all([makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER"), makeUser("ENGINEER")]);
    const request = await onboardClient(am, {
      displayName: uniqueClientName("Two"),
      environment: "staging",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "large",
    });
    await approveRequest(eng1, { requestId: request.id, version: request.version });
    expect(await approveRequest(eng2, { requestId: request.id, version: request.version + 1 })).toMatchObject({
      approved: true,
      approvals: 2,
    });
    const before = await calls("CreateStack");
    expect(await (await executor()).run(request.id)).not.toBeNull();
    expect(await calls("CreateStack")).toBe(before + 1);
  });

  it("keeps revisions append-only in the database", async () => {
    const request = await approvedOnboarding("Immutable");
    await expect(db.$executeRaw`UPDATE "TemplateRevision" SET "body" = "body" || ' ' WHERE "id" = ${request.revisionId}`).rejects.toThrow(
      /append-only/,
    );
    await expect(db.$executeRaw`DELETE FROM "TemplateRevision" WHERE "id" = ${request.revisionId}`).rejects.toThrow(/append-only/);
  });
});
