import { describe, expect, it } from "vitest";
import { CheckGate } from "./check-gate";

describe("CheckGate", () => {
  it("runs at most `limit` tasks at once and refuses the rest without running them", async () => {
    const gate = new CheckGate(() => 2);
    let started = 0;
    let peak = 0;
    const task = async () => {
      started++;
      peak = Math.max(peak, gate.inFlight);
      await new Promise((r) => setTimeout(r, 20));
      return "done";
    };
    const results = await Promise.all(Array.from({ length: 6 }, () => gate.tryRun(task)));
    expect(results.filter(Boolean)).toHaveLength(2);
    expect(started).toBe(2);
    expect(peak).toBe(2);
    expect(gate.inFlight).toBe(0);
    expect(await gate.tryRun(task)).toEqual({ value: "done" });
  });

  it("frees the place when a task throws", async () => {
    const gate = new CheckGate(() => 1);
    await expect(gate.tryRun(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(gate.inFlight).toBe(0);
  });
});
