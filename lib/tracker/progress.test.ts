import { describe, expect, it } from "vitest";
import { decidesFinishedProgress, formatEta, progressOf, type ProgressEvent } from "./progress";

const t0 = new Date("2026-01-01T00:00:00Z").getTime();
const ev = (logicalId: string, resourceType: string, status: string, s: number): ProgressEvent => ({
  logicalId,
  resourceType,
  status,
  timestamp: new Date(t0 + s * 1000),
});
const durations = { "AWS::EC2::VPC": 20, "AWS::RDS::DBInstance": 1000, default: 30 };

describe("progressOf", () => {
  it("counts completed resources against the total", () => {
    const p = progressOf({
      kind: "CREATE",
      total: 4,
      durations,
      now: new Date(t0 + 5000),
      finished: false,
      events: [
        ev("Vpc", "AWS::EC2::VPC", "CREATE_IN_PROGRESS", 0),
        ev("Vpc", "AWS::EC2::VPC", "CREATE_COMPLETE", 2),
        ev("Db", "AWS::RDS::DBInstance", "CREATE_IN_PROGRESS", 2),
        ev("Stack", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", 0),
      ],
    });
    expect(p).toMatchObject({ done: 1, total: 4, percent: 25, failed: false });
  });

  it("learns the clock's speed from finished resources (the sandbox is ten times faster here)", () => {
    const p = progressOf({
      kind: "CREATE",
      total: 2,
      durations,
      now: new Date(t0 + 12_000),
      finished: false,
      events: [
        ev("Vpc", "AWS::EC2::VPC", "CREATE_IN_PROGRESS", 0),
        ev("Vpc", "AWS::EC2::VPC", "CREATE_COMPLETE", 2),
        ev("Db", "AWS::RDS::DBInstance", "CREATE_IN_PROGRESS", 2),
      ],
    });
    // The database typically takes 1000 s on AWS; at a tenth that is 100 s, 10 s of which have passed.
    expect(p.etaSeconds).toBe(90);
  });

  it("is complete at 100% and unknown after a failure", () => {
    expect(progressOf({ kind: "CREATE", total: 3, durations, now: new Date(), finished: true, events: [] })).toMatchObject({
      percent: 100,
      etaSeconds: 0,
    });
    const failed = progressOf({
      kind: "CREATE",
      total: 3,
      durations,
      now: new Date(),
      finished: false,
      events: [ev("Db", "AWS::RDS::DBInstance", "CREATE_FAILED", 1)],
    });
    expect(failed).toMatchObject({ failed: true, etaSeconds: null });
  });

  it("counts deletions, including retained resources, when decommissioning", () => {
    const p = progressOf({
      kind: "DELETE",
      total: 2,
      durations,
      now: new Date(),
      finished: false,
      events: [ev("Bucket", "AWS::S3::Bucket", "DELETE_SKIPPED", 1)],
    });
    expect(p.done).toBe(1);
  });
});

describe("a finished operation's progress", () => {
  // The client page reads only the events decidesFinishedProgress keeps once an operation is done.
  const run = [
    ev("Stack", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", 0),
    ev("Vpc", "AWS::EC2::VPC", "CREATE_IN_PROGRESS", 0),
    ev("Vpc", "AWS::EC2::VPC", "CREATE_COMPLETE", 2),
    ev("Db", "AWS::RDS::DBInstance", "UPDATE_IN_PROGRESS", 2),
    ev("Db", "AWS::RDS::DBInstance", "UPDATE_COMPLETE", 9),
    ev("Asg", "AWS::AutoScaling::AutoScalingGroup", "UPDATE_IN_PROGRESS", 3),
    ev("Asg", "AWS::AutoScaling::AutoScalingGroup", "UPDATE_FAILED", 5),
    ev("Asg", "AWS::AutoScaling::AutoScalingGroup", "UPDATE_COMPLETE", 8),
    ev("Stack", "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", 10),
    ev("Bucket", "AWS::S3::Bucket", "DELETE_SKIPPED", 11),
    ev("Log", "AWS::Logs::LogGroup", "DELETE_COMPLETE", 11),
  ];
  const succeeded = run.filter((e) => !e.status.endsWith("_FAILED"));
  it.each(["CREATE", "UPDATE", "DELETE"])("is the same from the deciding events alone (%s)", (kind) => {
    for (const [events, finished] of [
      [run, true],
      [run, false],
      [succeeded, true],
    ] as const) {
      const input = { kind, total: 5, durations, now: new Date(t0 + 60_000), finished };
      expect(progressOf({ ...input, events: events.filter((e) => decidesFinishedProgress(kind, e)) })).toEqual(
        progressOf({ ...input, events: [...events] }),
      );
    }
    // Rolled back without a failed resource (a cancelled update): the counts still agree; the
    // estimate does not, and a finished operation shows none.
    const input = { kind, total: 5, durations, now: new Date(t0 + 60_000), finished: false };
    const { etaSeconds: _eta, ...counts } = progressOf({ ...input, events: [...succeeded] });
    expect(progressOf({ ...input, events: succeeded.filter((e) => decidesFinishedProgress(kind, e)) })).toMatchObject(counts);
  });
});

describe("formatEta", () => {
  it.each([
    [null, "unknown"],
    [2, "a few seconds"],
    [42, "about 40 seconds"],
    [600, "about 10 minutes"],
  ] as const)("%s → %s", (s, text) => {
    expect(formatEta(s)).toBe(text);
  });
});
