import { afterEach, describe, expect, it, vi } from "vitest";
import { CloudError } from "../cloud/errors";
import { currentRequestId, log, logUnexpected, logWorkerError, requestIdFrom, SYSTEM_REQUEST_ID, withLogContext } from "./index";

function captureLines() {
  const lines: Record<string, unknown>[] = [];
  const keep = (line: unknown) => void lines.push(JSON.parse(String(line)));
  vi.spyOn(console, "log").mockImplementation(keep);
  vi.spyOn(console, "error").mockImplementation(keep);
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe("log", () => {
  it("writes one JSON object per line with the id of the request it runs in, across awaits and timers", async () => {
    const lines = captureLines();
    await withLogContext({ requestId: "req-1" }, async () => {
      log("info", "first");
      await new Promise((r) => setTimeout(r, 5));
      await new Promise<void>((r) => setTimeout(() => (log("warn", "from-timer", { clientId: "c1" }), r()), 1));
    });
    expect(lines).toEqual([
      expect.objectContaining({ level: "info", event: "first", requestId: "req-1" }),
      expect.objectContaining({ level: "warn", event: "from-timer", requestId: "req-1", clientId: "c1" }),
    ]);
    expect(typeof lines[0].time).toBe("string");
  });

  it("keeps concurrent requests' ids apart", async () => {
    const lines = captureLines();
    const request = (id: string, delay: number) =>
      withLogContext({ requestId: id }, async () => {
        await new Promise((r) => setTimeout(r, delay));
        log("info", "done");
      });
    await Promise.all([request("slow", 20), request("fast", 1)]);
    expect(lines.map((l) => l.requestId)).toEqual(["fast", "slow"]);
  });

  it("marks the worker's lines with its id, and lines outside any context as system", () => {
    const lines = captureLines();
    withLogContext({ requestId: "worker:host:1:abc" }, () => log("info", "tick"));
    log("info", "startup");
    expect(lines.map((l) => l.requestId)).toEqual(["worker:host:1:abc", SYSTEM_REQUEST_ID]);
    expect(currentRequestId()).toBe(SYSTEM_REQUEST_ID);
  });

  it("logs an unexpected error's name, message and stack only, and returns its event id", () => {
    const lines = captureLines();
    const error = Object.assign(new Error("boom"), { config: { password: "hunter2" } });
    const eventId = withLogContext({ requestId: "req-2" }, () => logUnexpected(error, { where: "test" }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "error",
      event: "unexpected_error",
      eventId,
      requestId: "req-2",
      where: "test",
      error: { name: "Error", message: "boom" },
    });
    expect(JSON.stringify(lines[0])).not.toContain("hunter2");
  });
});

describe("requestIdFrom", () => {
  it.each([
    ["abc-DEF_123", "abc-DEF_123"],
    ["a".repeat(64), "a".repeat(64)],
  ])("keeps a plain incoming id %s", (incoming, expected) => expect(requestIdFrom(incoming)).toBe(expected));

  it.each([null, undefined, "", "a".repeat(65), "id with spaces", "id\nforged-line", '{"json":1}'])(
    "replaces %j with a fresh UUID",
    (incoming) => {
      expect(requestIdFrom(incoming)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    },
  );
});

describe("logWorkerError", () => {
  it("logs CloudFormation throttled or unreachable as a warning to try again, and anything else as an unexpected error", () => {
    const lines = captureLines();
    logWorkerError(new CloudError("Throttling", "Rate exceeded", "throttled"), { where: "worker", operationId: "op-1" });
    logWorkerError(new CloudError("ECONNREFUSED", "connect ECONNREFUSED", "unavailable"), { where: "worker" });
    logWorkerError(new CloudError("ValidationError", "Template format error", "refused"), { where: "worker" });
    logWorkerError(new Error("boom"), { where: "worker" });
    expect(lines.map((l) => [l.level, l.event, l.reason])).toEqual([
      ["warn", "cloudformation_retry_later", "throttled"],
      ["warn", "cloudformation_retry_later", "unavailable"],
      ["error", "unexpected_error", undefined],
      ["error", "unexpected_error", undefined],
    ]);
    expect(lines[0]).toMatchObject({ operationId: "op-1", code: "Throttling", message: "Rate exceeded" });
    expect(lines[0]).not.toHaveProperty("stack");
  });
});
