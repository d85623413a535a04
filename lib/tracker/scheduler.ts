import "server-only";
import { getEnv } from "../env";
import { log, logWorkerError, withLogContext } from "../log";
import { WORKER_ID } from "./leases";
import { concurrency, runHousekeeping, slowConcurrency, stepOperation } from "./pass";
import { newMemo, type PollMemo } from "./poll";

/**
 * The running loop. Housekeeping runs every interval; each held operation is polled on its own
 * schedule (at most once an interval, oldest-due first, a fixed number at a time), so one slow
 * stack never holds up the others and a poll follows the previous one as soon as capacity
 * allows. Nothing is polled for stacks with no operation in progress.
 */
class Tracker {
  private readonly tracked = new Map<string, { due: number; memo: PollMemo; starting: boolean }>();
  private readonly inFlight = new Map<string, Lane>();
  private timers: NodeJS.Timeout[] = [];
  private housekeepingRunning = false;
  /** An operation ended while a pass ran: run another as soon as it is done. */
  private passAgain = false;
  private kicked: NodeJS.Timeout | undefined;
  private lastPassEnded = 0;

  constructor(private readonly intervalMs: number) {}

  start() {
    this.timers.push(setInterval(() => void this.runPass(), this.intervalMs));
    this.timers.push(setInterval(() => this.pump(), Math.min(50, this.intervalMs)));
    for (const t of this.timers) t.unref?.();
    void this.runPass();
  }

  stop() {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    clearTimeout(this.kicked);
    this.kicked = undefined;
  }

  /**
   * An operation just ended: what waited for it (a rollout's next client, a request queued behind
   * it) starts now, not at the next tick. Passes never overlap; a kick during one runs one more.
   */
  private kick() {
    if (this.housekeepingRunning) this.passAgain = true;
    else if (!this.kicked) {
      // A burst of endings runs one pass, a moment after the last pass (room for people's own writes on SQLite).
      this.kicked = setTimeout(
        () => {
          this.kicked = undefined;
          void this.runPass();
        },
        Math.max(0, this.lastPassEnded + KICK_GAP_MS - Date.now()),
      );
      this.kicked.unref?.();
    }
  }

  private get stopped() {
    return this.timers.length === 0;
  }

  private async runPass() {
    // Stopped: an operation finishing after stop() starts nothing new.
    if (this.housekeepingRunning || this.stopped) return;
    this.housekeepingRunning = true;
    this.passAgain = false;
    try {
      const { claimed } = await runHousekeeping();
      const held = new Set(claimed.map((c) => c.id));
      // A lease lost (this process was too slow to renew it) means another instance follows it now.
      for (const id of this.tracked.keys()) if (!held.has(id) && !this.inFlight.has(id)) this.tracked.delete(id);
      for (const c of claimed)
        if (!this.tracked.has(c.id)) this.tracked.set(c.id, { due: 0, memo: newMemo(), starting: c.phase === "STARTING" });
      this.pump();
    } catch (error) {
      logWorkerError(error, { where: "worker" });
    } finally {
      this.housekeepingRunning = false;
      this.lastPassEnded = Date.now();
      if (this.passAgain) this.kick();
    }
  }

  /**
   * Two lanes: polls (one quick call each) and the slow work of starting and completing
   * operations (several calls and a transaction). Many launches starting at once must not
   * hold up the polls of the ones already running.
   */
  private pump() {
    if (!this.tracked.size || this.stopped) return;
    const now = Date.now();
    const busy = { poll: 0, slow: 0 };
    for (const lane of this.inFlight.values()) busy[lane]++;
    const free = { poll: concurrency() - busy.poll, slow: slowConcurrency() - busy.slow };
    const due = [...this.tracked].filter(([id, t]) => t.due <= now && !this.inFlight.has(id)).sort((a, b) => a[1].due - b[1].due);
    for (const [id, entry] of due) {
      const lane: Lane = entry.starting || entry.memo.terminal ? "slow" : "poll";
      if (free[lane] <= 0) continue;
      free[lane]--;
      this.inFlight.set(id, lane);
      stepOperation(id, entry.memo, true)
        .then((done) => {
          if (done) {
            this.tracked.delete(id);
            this.kick();
          }
          // Just started: the first events are a moment away. Just ended: complete it at once.
          else entry.due = entry.memo.terminal ? 0 : Date.now() + this.intervalMs;
          entry.starting = false;
        })
        .catch((error) => {
          entry.memo = newMemo();
          entry.due = Date.now() + this.intervalMs;
          logWorkerError(error, { where: "worker", operationId: id });
        })
        .finally(() => {
          this.inFlight.delete(id);
          this.pump();
        });
    }
  }
}

type Lane = "poll" | "slow";

/** The least time between the end of one pass and a pass an ending operation asks for. */
const KICK_GAP_MS = 100;

let tracker: Tracker | undefined;

/** Starts the loop (idempotent). */
export function startWorker(intervalMs = getEnv().WORKER_INTERVAL_MS): void {
  if (tracker) return;
  log("info", "worker_started", { workerId: WORKER_ID, intervalMs });
  tracker = new Tracker(intervalMs);
  // Timers started inside the context keep it, so every line the loop logs carries worker:<id>.
  withLogContext({ requestId: `worker:${WORKER_ID}` }, () => tracker!.start());
}

export function stopWorker(): void {
  tracker?.stop();
  tracker = undefined;
}
