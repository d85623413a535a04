// Durability: SIGKILL the sandbox in the middle of a create, start it again on the same state file,
// and the stack still reaches CREATE_COMPLETE with every event exactly once.
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateStackCommand, DescribeStacksCommand, type CloudFormationClient, type StackEvent } from "@aws-sdk/client-cloudformation";
import { afterAll, expect, it } from "vitest";
import { allStackEvents, startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";

const APP = readFileSync(new URL("./fixtures/app.yaml", import.meta.url), "utf-8");
const dir = mkdtempSync(path.join(tmpdir(), "sandbox-restart-"));
const stateFile = path.join(dir, "state.json");
const running: RunningSandbox[] = [];

afterAll(async () => {
  for (const sb of running) await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

const events = async (cf: CloudFormationClient, stack: string): Promise<StackEvent[]> => (await allStackEvents(cf, stack)).reverse();

it("resumes an interrupted create after kill -9 without duplicating events", async () => {
  // Slow enough that the database (600 simulated seconds) is still being created when we kill.
  const first = await startSandbox({ stateFile, speed: 150 });
  running.push(first);
  const cf1 = first.client();
  await cf1.send(new CreateStackCommand({ StackName: "durable", TemplateBody: APP, ClientRequestToken: "tok-durable" }));
  await waitForStack(cf1, "durable", {
    timeoutMs: 20_000,
    until: () => true,
  });
  // Wait until the database is being created, then give the debounced writer time to persist.
  let seen: StackEvent[] = [];
  for (let i = 0; i < 200; i++) {
    seen = await events(cf1, "durable");
    if (seen.some((e) => e.LogicalResourceId === "Database" && e.ResourceStatusReason === "Resource creation Initiated")) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  await new Promise((r) => setTimeout(r, 250));
  expect((await cf1.send(new DescribeStacksCommand({ StackName: "durable" }))).Stacks![0].StackStatus).toBe("CREATE_IN_PROGRESS");
  await first.kill9();

  const second = await startSandbox({ stateFile, speed: 150 });
  running.push(second);
  expect(second.port).not.toBe(first.port);
  const cf2 = second.client();
  const stack = await waitForStack(cf2, "durable", { timeoutMs: 30_000 });
  expect(stack.StackStatus).toBe("CREATE_COMPLETE");
  expect(stack.Outputs!.find((o) => o.OutputKey === "DbEndpoint")!.OutputValue).toMatch(/rds\.amazonaws\.com:5432$/);

  const all = await events(cf2, "durable");
  // Everything the client saw before the crash is still there, unchanged.
  const ids = new Set(all.map((e) => e.EventId));
  for (const e of seen) expect(ids.has(e.EventId)).toBe(true);
  expect(ids.size).toBe(all.length);
  const keys = all.map((e) => `${e.LogicalResourceId}|${e.ResourceStatus}|${e.ResourceStatusReason ?? ""}`);
  expect(keys.length).toBe(new Set(keys).size);
  expect(keys.filter((k) => k.endsWith("|CREATE_COMPLETE|"))).toHaveLength(11); // 10 resources + the stack
  expect(all.every((e) => e.ClientRequestToken === "tok-durable")).toBe(true);
  expect(second.output()).toMatch(/resumed 1 operation/);
});

it("keeps state across a graceful restart", async () => {
  const third = await startSandbox({ stateFile, speed: 150 });
  running.push(third);
  const { Stacks } = await third.client().send(new DescribeStacksCommand({}));
  expect(Stacks!.map((s) => [s.StackName, s.StackStatus])).toEqual([["durable", "CREATE_COMPLETE"]]);
});
