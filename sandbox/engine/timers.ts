// One timer per running resource step, keyed by stack and logical id. Timers carry only ids; the
// engine re-reads the state when one fires, so a timer from an operation that moved on is ignored.
import type { Operation, Step } from "./model";

export type DueHandler = (stackId: string, opId: string, phase: string, logicalId: string) => void;

// setTimeout clamps longer delays to 1 ms; longer waits (very low SANDBOX_SPEED) re-arm on firing.
const MAX_DELAY = 2 ** 31 - 1;

export class StepTimers {
  private timers = new Map<string, NodeJS.Timeout>();
  fired = 0;

  constructor(private readonly onDue: DueHandler) {}

  arm(stackId: string, op: Operation, step: Step): void {
    const key = `${stackId}|${step.logicalId}`;
    clearTimeout(this.timers.get(key));
    const { id: opId, phase } = op;
    const { logicalId } = step;
    const delay = Math.min(MAX_DELAY, Math.max(0, (step.dueAt ?? 0) - Date.now()));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.fired++;
        this.onDue(stackId, opId, phase, logicalId);
      }, delay),
    );
  }

  disarm(stackId: string, step: Step): void {
    const key = `${stackId}|${step.logicalId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  get size(): number {
    return this.timers.size;
  }

  stopAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
