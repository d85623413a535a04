// Round two of CloudFormation fidelity, through the AWS SDK: paging tokens that hold while the
// listed things change, AWS's error texts, fault tags across updates, and ExecuteChangeSet
// deleting the stack's other change sets.
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  GetTemplateCommand,
  RollbackStackCommand,
  UpdateStackCommand,
  type CloudFormationClient,
  type DescribeStackEventsCommandOutput,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allStackEvents, startSandbox, waitForStack, type RunningSandbox } from "./testing/spawn";
import { errorOf } from "./testing/errors";

let sb: RunningSandbox;
let cf: CloudFormationClient;

const topics = (ids: string[], chain = false) =>
  "Resources:\n" +
  ids.map((id, i) => `  ${id}:\n    Type: AWS::SNS::Topic\n${chain && i ? `    DependsOn: ${ids[i - 1]}\n` : ""}`).join("");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // Page size 3 makes every NextToken visible with a handful of items.
  sb = await startSandbox({ env: { SANDBOX_PAGE_SIZE: "3" } });
  cf = sb.client();
});
afterAll(() => sb?.stop());

describe("paging while things change", () => {
  it("pages DescribeStackEvents while events arrive, without repeating or skipping an event", async () => {
    // A chain of slowed topics: an event every ~0.1 s for a couple of seconds.
    await cf.send(
      new CreateStackCommand({
        StackName: "events",
        TemplateBody: topics(["T1", "T2", "T3", "T4", "T5", "T6"], true),
        Tags: [{ Key: "sandbox:slow", Value: "AWS::SNS::Topic:30" }],
      }),
    );
    let first = await cf.send(new DescribeStackEventsCommand({ StackName: "events" }));
    while (first.StackEvents!.length < 3 || !first.NextToken) {
      await sleep(20);
      first = await cf.send(new DescribeStackEventsCommand({ StackName: "events" }));
    }
    const pages: StackEvent[] = [...first.StackEvents!];
    let token: string | undefined = first.NextToken;
    let newestSeen = first.StackEvents![0].EventId;
    let arrivedBetweenPages = 0;
    while (token) {
      // Wait until a newer event exists, so every page is read after the list grew.
      for (let i = 0; i < 100; i++) {
        const head = await cf.send(new DescribeStackEventsCommand({ StackName: "events" }));
        if (head.StackEvents![0].EventId !== newestSeen) {
          newestSeen = head.StackEvents![0].EventId;
          arrivedBetweenPages++;
          break;
        }
        if (!(await waitForStack(cf, "events", { until: () => true })).StackStatus!.endsWith("IN_PROGRESS")) break;
        await sleep(20);
      }
      const page: DescribeStackEventsCommandOutput = await cf.send(
        new DescribeStackEventsCommand({ StackName: "events", NextToken: token }),
      );
      pages.push(...page.StackEvents!);
      token = page.NextToken;
    }
    expect(arrivedBetweenPages).toBeGreaterThan(0);
    await waitForStack(cf, "events");
    const all = await allStackEvents(cf, "events");
    const ids = pages.map((e) => e.EventId);
    expect(new Set(ids).size).toBe(ids.length);
    // Exactly the events that existed when the first page was read, newest first.
    const from = all.findIndex((e) => e.EventId === ids[0]);
    expect(ids).toEqual(all.slice(from).map((e) => e.EventId));
  });

  it("pages DescribeStacks and ListStacks while stacks are created", async () => {
    for (const n of ["s1", "s2", "s3", "s4"]) await cf.send(new CreateStackCommand({ StackName: n, TemplateBody: topics(["T"]) }));
    const d1 = await cf.send(new DescribeStacksCommand({}));
    const l1 = await cf.send(new ListStacksCommand({}));
    for (const n of ["s5", "s6"]) await cf.send(new CreateStackCommand({ StackName: n, TemplateBody: topics(["T"]) }));
    const seenD = [...d1.Stacks!.map((s) => s.StackName)];
    const seenL = [...l1.StackSummaries!.map((s) => s.StackName)];
    for (let t = d1.NextToken; t;) {
      const p = await cf.send(new DescribeStacksCommand({ NextToken: t }));
      seenD.push(...p.Stacks!.map((s) => s.StackName));
      t = p.NextToken;
    }
    for (let t = l1.NextToken; t;) {
      const p = await cf.send(new ListStacksCommand({ NextToken: t }));
      seenL.push(...p.StackSummaries!.map((s) => s.StackName));
      t = p.NextToken;
    }
    for (const seen of [seenD, seenL]) {
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.slice(0, 4)).toEqual(["s4", "s3", "s2", "s1"]);
      expect(seen).not.toContain("s5");
    }
  });

  it("pages ListChangeSets while a change set is deleted", async () => {
    await cf.send(new CreateStackCommand({ StackName: "sets", TemplateBody: topics(["A"]) }));
    await waitForStack(cf, "sets");
    for (const n of ["c1", "c2", "c3", "c4"]) {
      await cf.send(new CreateChangeSetCommand({ StackName: "sets", ChangeSetName: n, TemplateBody: topics(["A", `B${n}`]) }));
    }
    const p1 = await cf.send(new ListChangeSetsCommand({ StackName: "sets" }));
    expect(p1.Summaries!.map((s) => s.ChangeSetName)).toEqual(["c1", "c2", "c3"]);
    await cf.send(new DeleteChangeSetCommand({ StackName: "sets", ChangeSetName: "c1" }));
    const p2 = await cf.send(new ListChangeSetsCommand({ StackName: "sets", NextToken: p1.NextToken }));
    expect(p2.Summaries!.map((s) => s.ChangeSetName)).toEqual(["c4"]);
  });

  it("pages ListStackResources while an update removes a resource", async () => {
    await cf.send(new CreateStackCommand({ StackName: "res", TemplateBody: topics(["A", "B", "C", "D", "E"]) }));
    await waitForStack(cf, "res");
    const p1 = await cf.send(new ListStackResourcesCommand({ StackName: "res" }));
    expect(p1.StackResourceSummaries!.map((r) => r.LogicalResourceId)).toEqual(["A", "B", "C"]);
    await cf.send(new UpdateStackCommand({ StackName: "res", TemplateBody: topics(["B", "C", "D", "E"]) }));
    expect((await waitForStack(cf, "res")).StackStatus).toBe("UPDATE_COMPLETE");
    const p2 = await cf.send(new ListStackResourcesCommand({ StackName: "res", NextToken: p1.NextToken }));
    expect(p2.StackResourceSummaries!.map((r) => r.LogicalResourceId)).toEqual(["D", "E"]);
  });
});

describe("error texts", () => {
  it("answers unknown stacks with AWS's wording per action", async () => {
    expect(await errorOf(cf.send(new DescribeStackEventsCommand({ StackName: "nope" })))).toMatchObject({
      name: "ValidationError",
      message: "Stack [nope] does not exist",
    });
    expect(await errorOf(cf.send(new UpdateStackCommand({ StackName: "nope", TemplateBody: topics(["A"]) })))).toMatchObject({
      name: "ValidationError",
      message: "Stack [nope] does not exist",
    });
    expect(await errorOf(cf.send(new ListChangeSetsCommand({ StackName: "nope" })))).toMatchObject({
      name: "ValidationError",
      message: "Stack [nope] does not exist",
    });
    expect(await errorOf(cf.send(new DescribeStackResourceCommand({ StackName: "nope", LogicalResourceId: "A" })))).toMatchObject({
      name: "ValidationError",
      message: "Stack 'nope' does not exist",
    });
    expect(await errorOf(cf.send(new DescribeStacksCommand({ StackName: "nope" })))).toMatchObject({
      name: "ValidationError",
      message: "Stack with id nope does not exist",
    });
  });
});

describe("fault tags across updates", () => {
  it("applies a sandbox:slow tag kept across an update once, not squared", async () => {
    // 10 simulated s × 40 = 400 s = 0.2 s at speed 2000; squared it would be 8 s.
    const tags = [{ Key: "sandbox:slow", Value: "Topic:40" }];
    await cf.send(new CreateStackCommand({ StackName: "slowtag", TemplateBody: topics(["Topic"]), Tags: tags }));
    await waitForStack(cf, "slowtag");
    const started = Date.now();
    await cf.send(
      new UpdateStackCommand({
        StackName: "slowtag",
        TemplateBody: "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties: { DisplayName: changed }\n",
        Tags: tags,
      }),
    );
    expect((await waitForStack(cf, "slowtag")).StackStatus).toBe("UPDATE_COMPLETE");
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("change sets", () => {
  it("ExecuteChangeSet deletes the stack's other change sets", async () => {
    await cf.send(new CreateStackCommand({ StackName: "exec", TemplateBody: topics(["A"]) }));
    await waitForStack(cf, "exec");
    for (const n of ["one", "two"]) {
      await cf.send(new CreateChangeSetCommand({ StackName: "exec", ChangeSetName: n, TemplateBody: topics(["A", n.toUpperCase()]) }));
    }
    for (let i = 0; i < 200; i++) {
      const { Summaries } = await cf.send(new ListChangeSetsCommand({ StackName: "exec" }));
      if (Summaries!.every((s) => s.Status === "CREATE_COMPLETE")) break;
      await sleep(20);
    }
    await cf.send(new ExecuteChangeSetCommand({ StackName: "exec", ChangeSetName: "one" }));
    const { Summaries } = await cf.send(new ListChangeSetsCommand({ StackName: "exec" }));
    expect(Summaries!.map((s) => s.ChangeSetName)).toEqual(["one"]);
    expect(await errorOf(cf.send(new DescribeChangeSetCommand({ StackName: "exec", ChangeSetName: "two" })))).toMatchObject({
      name: "ChangeSetNotFoundException",
      message: "ChangeSet [two] does not exist",
    });
    expect((await waitForStack(cf, "exec")).StackStatus).toBe("UPDATE_COMPLETE");
  });
});

describe("RollbackStack", () => {
  const two = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n    DependsOn: A\n";
  const chrono = async (stack: string) =>
    (await allStackEvents(cf, stack))
      .reverse()
      .map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ""}`);

  it("rolls back a create that failed with DisableRollback, as AWS does", async () => {
    await cf.send(
      new CreateStackCommand({
        StackName: "keep",
        TemplateBody: two,
        DisableRollback: true,
        Tags: [{ Key: "sandbox:fail", Value: "B:boom" }],
      }),
    );
    expect((await waitForStack(cf, "keep")).StackStatus).toBe("CREATE_FAILED");
    const { StackId } = await cf.send(new RollbackStackCommand({ StackName: "keep", ClientRequestToken: "rb-1" }));
    expect((await waitForStack(cf, "keep")).StackStatus).toBe("ROLLBACK_COMPLETE");
    expect(StackId).toMatch(/:stack\/keep\//);
    const lines = await chrono("keep");
    expect(lines.slice(lines.indexOf("keep CREATE_FAILED The following resource(s) failed to create: [B]. "))).toEqual([
      "keep CREATE_FAILED The following resource(s) failed to create: [B]. ",
      "keep ROLLBACK_IN_PROGRESS User Initiated",
      "B DELETE_IN_PROGRESS",
      "B DELETE_COMPLETE",
      "A DELETE_IN_PROGRESS",
      "A DELETE_COMPLETE",
      "keep ROLLBACK_COMPLETE",
    ]);
  });

  it("rolls back an update that failed with DisableRollback to the previous template", async () => {
    await cf.send(new CreateStackCommand({ StackName: "keepup", TemplateBody: two }));
    await waitForStack(cf, "keepup");
    const changed =
      two.replace("Type: AWS::SNS::Topic\n  B:", "Type: AWS::SNS::Topic\n    Properties: { DisplayName: a2 }\n  B:") +
      "    Properties: { DisplayName: b2 }\n";
    await cf.send(
      new UpdateStackCommand({
        StackName: "keepup",
        TemplateBody: changed,
        DisableRollback: true,
        Tags: [{ Key: "sandbox:fail-update", Value: "B" }],
      }),
    );
    expect((await waitForStack(cf, "keepup")).StackStatus).toBe("UPDATE_FAILED");
    await cf.send(new RollbackStackCommand({ StackName: "keepup" }));
    expect((await waitForStack(cf, "keepup")).StackStatus).toBe("UPDATE_ROLLBACK_COMPLETE");
    const lines = await chrono("keepup");
    const from = lines.findIndex((l) => l.startsWith("keepup UPDATE_ROLLBACK_IN_PROGRESS"));
    expect(lines.slice(from)).toEqual([
      "keepup UPDATE_ROLLBACK_IN_PROGRESS User Initiated",
      "A UPDATE_IN_PROGRESS",
      "A UPDATE_COMPLETE",
      "B UPDATE_IN_PROGRESS",
      "B UPDATE_COMPLETE",
      "keepup UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
      "keepup UPDATE_ROLLBACK_COMPLETE",
    ]);
    expect((await cf.send(new GetTemplateCommand({ StackName: "keepup" }))).TemplateBody).toBe(two);
  });

  it("refuses stacks that did not fail with rollback disabled", async () => {
    expect(await errorOf(cf.send(new RollbackStackCommand({ StackName: "keepup" })))).toMatchObject({
      name: "ValidationError",
      message: expect.stringMatching(/is in UPDATE_ROLLBACK_COMPLETE state and can not be rolled back\.$/),
    });
    expect(await errorOf(cf.send(new RollbackStackCommand({ StackName: "nope" })))).toMatchObject({
      name: "ValidationError",
      message: "Stack [nope] does not exist",
    });
  });
});
