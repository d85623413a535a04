import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListStacksCommand } from "@aws-sdk/client-cloudformation";
import { allStackEvents, startSandbox, type RunningSandbox } from "../../sandbox/testing/spawn";
import { db } from "../db";
import { verifyAuditChain } from "../audit/verify";
import { onboardClient } from "../changes/onboard-client";
import { requestRecreate } from "../changes/request-recovery";
import { approveRequest } from "../changes/decide";
import { ConflictError } from "../errors";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { startWorkerProcess, waitFor, type WorkerProcess } from "../../test/support/worker-process";

// A launch fails and rolls back (ROLLBACK_COMPLETE). After the cause is fixed, an approved
// "delete and recreate" deletes the empty stack and creates it again from the same revision.

let sandbox: RunningSandbox;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 80 });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await sandbox?.stop();
  await db.$disconnect();
});

const finished = (requestId: string) =>
  waitFor(
    `request ${requestId} to finish`,
    async () => {
      const r = await db.changeRequest.findUniqueOrThrow({ where: { id: requestId } });
      return (r.state === "SUCCEEDED" || r.state === "FAILED") && r;
    },
    120_000,
    250,
  );

describe("delete and recreate", () => {
  it("relaunches a rolled-back stack under the same name, once approved, with every event stored once", async () => {
    const [am, eng] = await Promise.all([makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER")]);
    const onboard = await onboardClient(am, {
      displayName: uniqueClientName("Relaunchco"),
      environment: "production",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "medium",
    });
    const client = await db.client.findUniqueOrThrow({ where: { id: onboard.clientId } });
    const [fault] = await sandbox.control<{ id: string }[]>("/_sandbox/faults", {
      method: "POST",
      body: {
        kind: "fail",
        stackName: client.stackName,
        logicalId: "Database",
        operation: "create",
        reason: "DB subnet group doesn't meet Availability Zone coverage requirement",
      },
    });
    await approveRequest(eng, { requestId: onboard.id, version: onboard.version });
    worker = startWorkerProcess({
      CLOUDFORMATION_ENDPOINT: sandbox.endpoint,
      DATABASE_URL: process.env.DATABASE_URL!,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
    });

    expect((await finished(onboard.id)).state).toBe("FAILED");
    const failed = await db.client.findUniqueOrThrow({ where: { id: client.id } });
    expect(failed.stackStatus).toBe("ROLLBACK_COMPLETE");
    const oldStackId = failed.stackId!;

    // Only a rolled-back launch can be recreated, and only once at a time.
    const request = await requestRecreate(am, { clientId: client.id, reason: "Subnet group fixed" });
    await expect(requestRecreate(am, { clientId: client.id, reason: "again" })).rejects.toBeInstanceOf(ConflictError);
    expect(request.kind).toBe("RECREATE");
    expect(request.requiredApprovals).toBe(1);

    await sandbox.control(`/_sandbox/faults/${fault.id}`, { method: "DELETE" });
    await approveRequest(eng, { requestId: request.id, version: request.version });
    expect((await finished(request.id)).state).toBe("SUCCEEDED");

    const live = await db.client.findUniqueOrThrow({ where: { id: client.id } });
    expect(live).toMatchObject({ status: "ACTIVE", stackStatus: "CREATE_COMPLETE" });
    expect(live.stackId).not.toBe(oldStackId);
    expect(live.currentRevisionId).toBe((await db.changeRequest.findUniqueOrThrow({ where: { id: request.id } })).revisionId);
    expect(JSON.parse(live.outputs!)).toHaveProperty("Url");

    // The old stack is deleted, exactly one stack of that name is alive.
    const stacks = (await sandbox.client().send(new ListStacksCommand({}))).StackSummaries ?? [];
    const named = stacks.filter((s) => s.StackName === client.stackName);
    expect(named.filter((s) => s.StackStatus !== "DELETE_COMPLETE")).toHaveLength(1);
    expect(named.find((s) => s.StackId === oldStackId)?.StackStatus).toBe("DELETE_COMPLETE");

    // Both halves' events are kept on the one operation, each once.
    const op = await db.operation.findUniqueOrThrow({ where: { requestId: request.id } });
    const stored = await db.stackEvent.findMany({ where: { operationId: op.id } });
    expect(new Set(stored.map((e) => e.eventId)).size).toBe(stored.length);
    const deleteTokenEvents = (await allStackEvents(sandbox.client(), oldStackId)).filter(
      (e) => e.ClientRequestToken && e.ClientRequestToken !== op.token && e.ClientRequestToken.includes(request.id),
    );
    const createEvents = (await allStackEvents(sandbox.client(), live.stackId!)).filter((e) => e.ClientRequestToken === op.token);
    expect(stored.map((e) => e.eventId).sort()).toEqual([...deleteTokenEvents, ...createEvents].map((e) => e.EventId!).sort());
    expect(stored.some((e) => e.status === "DELETE_COMPLETE" && e.resourceType === "AWS::CloudFormation::Stack")).toBe(true);

    const actions = (await db.auditEntry.findMany({ where: { entityId: op.id }, select: { action: true } })).map((a) => a.action);
    expect(actions.filter((a) => a === "stack.recreate_started")).toHaveLength(1);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  }, 240_000);
});
