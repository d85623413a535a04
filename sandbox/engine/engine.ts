// Runs stack operations: starts every step whose dependencies are done, arms one timer per running
// step (no polling), and moves the stack through CloudFormation's status machine when a phase
// completes or fails. All state lives in the store, so `resume()` can pick operations up again
// after a restart from the persisted `dueAt` of each running step.
import { randomUUID } from "node:crypto";
import type { Faults } from "../faults";
import type { Store } from "../store";
import { analyzeStored } from "../template/analyze";
import { validationError } from "../errors";
import { resourceEvent, stackEvent } from "./events";
import { instantiate, resolveOutputs, type Instance } from "./instance";
import type { Operation, StackRecord, StackTarget, Step } from "./model";
import { cleanupSteps, createSteps, revertSteps, rollbackCleanupSteps, teardownSteps, updateSteps } from "./plan";
import { cancelStep, progressStep, startStep, type StepHost } from "./steps";
import { ExportIndex } from "./exports";
import { Alarms } from "../cloudwatch/alarms";
import { triggerProblem, triggerReason, watching } from "./triggers";
import { StepTimers } from "./timers";

const listOf = (ids: string[]) => `[${[...new Set(ids)].join(", ")}]`;

export class Engine implements StepHost {
  private timers = new StepTimers((stackId, opId, phase, logicalId) => this.fire(stackId, opId, phase, logicalId));

  constructor(
    readonly store: Store,
    readonly faults: Faults,
    /** Simulated seconds per real second; POST /_sandbox/speed changes it (steps already due keep their time). */
    public speed: number,
  ) {
    this.alarms = new Alarms(store);
    this.alarms.onStateChange((alarm) => {
      if (alarm.state !== "ALARM") return;
      for (const stack of Object.values(this.store.stacks)) {
        if (watching(stack.op) && stack.op.rollback!.triggers.some((t) => t.Arn === alarm.arn))
          this.triggered(stack, stack.op, [alarm.arn]);
      }
    });
  }

  private monitors = new Map<string, NodeJS.Timeout>();

  /** A trigger went into ALARM: stop what runs and roll the operation back, naming the alarm. */
  private triggered(stack: StackRecord, op: Operation, arns: string[]): void {
    for (const s of Object.values(op.steps)) {
      if (s.state !== "running") continue;
      this.timers.disarm(stack.stackId, s);
      cancelStep(stack, op, s);
    }
    this.startFailed(stack, op, triggerReason(arns));
    this.drive(stack);
  }

  /** Fails a create or update as a whole (not one resource): rollback, or *_FAILED with DisableRollback. */
  private startFailed(stack: StackRecord, op: Operation, reason: string): void {
    clearTimeout(this.monitors.get(stack.stackId));
    op.monitorUntil = undefined;
    if (op.phase === "create") {
      if (op.disableRollback) return this.finish(stack, op, "CREATE_FAILED", reason);
      stackEvent(stack, "ROLLBACK_IN_PROGRESS", `${reason}${reason.endsWith(".") ? "" : "."} Rollback requested by user.`);
      op.phase = "rollback";
      op.steps = teardownSteps(stack, this.safeInstance(stack, stack));
      return;
    }
    if (op.disableRollback) return this.finish(stack, op, "UPDATE_FAILED", reason);
    this.rollBackUpdate(stack, op, reason);
  }

  /** After every resource is deployed: wait MonitoringTimeInMinutes (simulated) before finishing. Returns true while waiting. */
  private monitoring(stack: StackRecord, op: Operation): boolean {
    const minutes = op.rollback?.monitoringMinutes ?? 0;
    if (!minutes) return false;
    if (op.monitorUntil === undefined) op.monitorUntil = Date.now() + this.ms(minutes * 60);
    if (op.monitorUntil <= Date.now()) return false;
    this.armMonitor(stack, op);
    return true;
  }

  private armMonitor(stack: StackRecord, op: Operation): void {
    clearTimeout(this.monitors.get(stack.stackId));
    const { id, phase } = op;
    this.monitors.set(
      stack.stackId,
      setTimeout(
        () => {
          this.monitors.delete(stack.stackId);
          const now = this.store.stacks[stack.stackId];
          if (now?.op?.id === id && now.op.phase === phase) this.drive(now);
        },
        Math.max(0, (op.monitorUntil ?? 0) - Date.now()),
      ),
    );
  }

  ms(seconds: number): number {
    return (seconds * 1000) / this.speed;
  }

  readonly alarms: Alarms;

  readonly exports = new ExportIndex(
    () => Object.values(this.store.stacks),
    (s) => this.safeInstance(s, s),
  );

  exportsFor(stack: StackRecord): (name: string) => string | undefined {
    return this.exports.resolver(stack);
  }

  instanceOf(stack: StackRecord, target: StackTarget): Instance {
    return instantiate(stack, analyzeStored(target.templateHash, this.store.state.templates[target.templateHash]), target.parameters);
  }

  instance(stack: StackRecord): Instance {
    return this.instanceOf(stack, stack);
  }

  private safeInstance(stack: StackRecord, target: StackTarget | undefined): Instance | undefined {
    try {
      return target ? this.instanceOf(stack, target) : undefined;
    } catch {
      return undefined;
    }
  }

  newOperation(kind: Operation["kind"], phase: Operation["phase"], token: string | undefined, extra: Partial<Operation> = {}): Operation {
    return {
      id: randomUUID(),
      kind,
      token,
      phase,
      steps: {},
      phaseFailures: [],
      failed: [],
      superseded: {},
      abandoned: {},
      added: [],
      ...extra,
    };
  }

  beginCreate(stack: StackRecord, op: Operation): void {
    stack.op = op;
    const inst = this.instance(stack);
    op.steps = createSteps(inst);
    stackEvent(stack, "CREATE_IN_PROGRESS", "User Initiated");
    const problem = this.exports.startProblem(stack, inst) ?? triggerProblem(op, this.alarms);
    if (problem) {
      // Nothing was created: straight to the rollback (or CREATE_FAILED), as CloudFormation does.
      op.steps = {};
      this.startFailed(stack, op, problem);
    }
    this.drive(stack);
  }

  /** `stack` already carries the new target; `op.previous` the old one. */
  beginUpdate(stack: StackRecord, op: Operation): void {
    stack.op = op;
    const inst = this.instance(stack);
    op.steps = updateSteps(stack, inst);
    stack.lastUpdatedTime = new Date().toISOString();
    stackEvent(stack, "UPDATE_IN_PROGRESS", "User Initiated");
    const problem = this.exports.startProblem(stack, inst, op.previous?.outputs) ?? triggerProblem(op, this.alarms);
    if (problem) {
      op.steps = {};
      this.startFailed(stack, op, problem);
    }
    this.drive(stack);
  }

  beginDelete(stack: StackRecord, op: Operation): void {
    stack.op = op;
    op.steps = teardownSteps(stack, this.safeInstance(stack, stack));
    stackEvent(stack, "DELETE_IN_PROGRESS", "User Initiated");
    const problem = this.exports.deleteProblem(stack);
    if (problem) this.finish(stack, op, "DELETE_FAILED", problem);
    this.drive(stack);
  }

  continueUpdateRollback(stack: StackRecord, skip: string[], token: string | undefined): void {
    const op = stack.op;
    if (stack.status !== "UPDATE_ROLLBACK_FAILED" || !op?.paused) {
      throw validationError(`Stack ${stack.stackId} is in ${stack.status} state and can not continue update rollback.`);
    }
    const failed = Object.values(op.steps).filter((s) => s.state === "failed");
    const bad = skip.filter((id) => !failed.some((s) => s.logicalId === id));
    if (bad.length) {
      throw validationError(
        `Nested stacks could not be rolled back or resources to skip were not in the UPDATE_FAILED state: ${listOf(bad)}`,
      );
    }
    op.paused = false;
    op.token = token;
    stackEvent(stack, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated");
    for (const s of failed) {
      if (skip.includes(s.logicalId)) {
        s.state = "done";
        resourceEvent(stack, stack.resources[s.logicalId], "UPDATE_COMPLETE", "Resource skipped during rollback");
      } else s.state = "pending";
    }
    this.drive(stack);
  }

  /** RollbackStack: undo a create or update that stopped in *_FAILED because rollback was disabled. */
  rollbackFailed(stack: StackRecord, token: string | undefined, retainExceptOnCreate: boolean | undefined): void {
    const op = stack.failedOp;
    if (!op || (stack.status !== "CREATE_FAILED" && stack.status !== "UPDATE_FAILED")) {
      throw validationError(`Stack ${stack.stackId} is in ${stack.status} state and can not be rolled back.`);
    }
    stack.failedOp = undefined;
    if (retainExceptOnCreate !== undefined) stack.retainExceptOnCreate = retainExceptOnCreate;
    Object.assign(op, { id: randomUUID(), token, paused: false, disableRollback: false, monitorUntil: undefined, phaseFailures: [] });
    stack.op = op;
    if (op.kind === "CREATE") {
      stackEvent(stack, "ROLLBACK_IN_PROGRESS", "User Initiated");
      op.phase = "rollback";
      op.steps = teardownSteps(stack, this.safeInstance(stack, stack));
    } else {
      op.phase = "update";
      this.rollBackUpdate(stack, op, "User Initiated");
    }
    this.drive(stack);
  }

  /** Starts what can start and settles phases, until the operation waits on timers. */
  drive(stack: StackRecord): void {
    for (let guard = 0; guard < 100; guard++) {
      const op = stack.op;
      if (!op || op.paused) break;
      if (op.phaseFailures.length) {
        const running = Object.values(op.steps).filter((s) => s.state === "running");
        if (op.phase === "create" || op.phase === "update") {
          for (const s of running) {
            this.timers.disarm(stack.stackId, s);
            cancelStep(stack, op, s);
          }
        } else if (running.length) break; // deletes in flight finish first
        this.phaseFailed(stack, op);
        continue;
      }
      // One pass: start every pending step whose dependencies are done, and tally the rest.
      let started = false;
      let allDone = true;
      let anyRunning = false;
      for (const id in op.steps) {
        const s = op.steps[id];
        if (s.state === "pending" && s.deps.every((d) => op.steps[d] === undefined || op.steps[d].state === "done")) {
          startStep(this, stack, op, s);
          started = true;
          if ((s.state as Step["state"]) === "running") this.timers.arm(stack.stackId, op, s);
          if (op.phaseFailures.length) break;
        }
        if (s.state !== "done") allDone = false;
        if (s.state === "running") anyRunning = true;
      }
      if (op.phaseFailures.length) continue;
      if (allDone) {
        const phase = op.phase;
        this.phaseComplete(stack, op);
        if (stack.op === op && op.phase === phase && op.monitorUntil !== undefined && op.monitorUntil > Date.now()) break; // monitoring
        continue;
      }
      if (!started) {
        if (!anyRunning) {
          // Cannot happen with an acyclic plan; fail loudly rather than hang.
          const stuck = Object.values(op.steps).filter((s) => s.state === "pending");
          console.error(`[sandbox] stack ${stack.stackName}: phase ${op.phase} is stuck`, stuck);
          op.phaseFailures.push(...stuck.map((s) => s.logicalId));
          continue;
        }
        break;
      }
    }
    this.store.touch(stack.stackId);
  }

  private finish(stack: StackRecord, op: Operation, status: string, reason?: string): void {
    stackEvent(stack, status, reason);
    stack.op = undefined;
    // Kept so RollbackStack can undo it later.
    stack.failedOp = status === "CREATE_FAILED" || status === "UPDATE_FAILED" ? op : undefined;
    if (op.changeSetId) {
      const cs = this.store.state.changeSets[op.changeSetId];
      if (cs) cs.executionStatus = status === "CREATE_COMPLETE" || status === "UPDATE_COMPLETE" ? "EXECUTE_COMPLETE" : "EXECUTE_FAILED";
    }
  }

  private outputs(stack: StackRecord): void {
    try {
      stack.outputs = resolveOutputs(stack, this.instance(stack), stack.resources, { exports: this.exportsFor(stack) });
    } catch (e) {
      console.error(`[sandbox] outputs of ${stack.stackName}: ${(e as Error).message}`);
    }
  }

  private phaseComplete(stack: StackRecord, op: Operation): void {
    switch (op.phase) {
      case "create":
        if (this.monitoring(stack, op)) return;
        this.outputs(stack);
        return this.finish(stack, op, "CREATE_COMPLETE");
      case "rollback":
        stack.outputs = [];
        this.finish(stack, op, "ROLLBACK_COMPLETE");
        if (stack.deleteOnFailure) this.beginDelete(stack, this.newOperation("DELETE", "delete", op.token));
        return;
      case "update": {
        if (this.monitoring(stack, op)) return;
        this.outputs(stack);
        // An exported value in use that only now turned out to change (it depended on a resource).
        const next = stack.outputs.filter((o) => o.ExportName !== undefined).map((o) => ({ name: o.ExportName!, value: o.OutputValue }));
        const problem = this.exports.changeProblem(stack, op.previous?.outputs ?? [], next);
        if (problem) return this.rollBackUpdate(stack, op, problem);
        stackEvent(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
        const previous = this.safeInstance(stack, op.previous);
        op.steps = cleanupSteps(stack, op, previous, this.instance(stack));
        op.phase = "cleanup";
        return;
      }
      case "cleanup":
        op.superseded = {};
        return this.finish(stack, op, "UPDATE_COMPLETE");
      case "update-rollback": {
        stackEvent(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS");
        const attempted = this.safeInstance(stack, op.attempted) ?? this.instance(stack);
        op.steps = rollbackCleanupSteps(stack, op, attempted);
        op.phase = "update-rollback-cleanup";
        return;
      }
      case "update-rollback-cleanup":
        stack.outputs = op.previous!.outputs;
        return this.finish(stack, op, "UPDATE_ROLLBACK_COMPLETE");
      case "delete":
        stack.deletionTime = new Date().toISOString();
        stack.outputs = [];
        return this.finish(stack, op, "DELETE_COMPLETE");
    }
  }

  private failureReason(stack: StackRecord, op: Operation, ids: string[], verb: "create" | "update" | "delete"): string {
    if (verb !== "update") return `The following resource(s) failed to ${verb}: ${listOf(ids)}. `;
    const created = ids.filter((id) => op.steps[id]?.action === "create");
    const updated = ids.filter((id) => op.steps[id]?.action !== "create");
    return [
      created.length ? `The following resource(s) failed to create: ${listOf(created)}. ` : "",
      updated.length ? `The following resource(s) failed to update: ${listOf(updated)}. ` : "",
    ].join("");
  }

  private phaseFailed(stack: StackRecord, op: Operation): void {
    const ids = op.phaseFailures;
    op.failed.push(...ids);
    op.phaseFailures = [];
    switch (op.phase) {
      case "create": {
        const reason = this.failureReason(stack, op, ids, "create");
        if (op.disableRollback) return this.finish(stack, op, "CREATE_FAILED", reason);
        stackEvent(stack, "ROLLBACK_IN_PROGRESS", `${reason}Rollback requested by user.`);
        op.phase = "rollback";
        op.steps = teardownSteps(stack, this.safeInstance(stack, stack));
        return;
      }
      case "rollback":
        return this.finish(stack, op, "ROLLBACK_FAILED", this.failureReason(stack, op, ids, "delete"));
      case "update": {
        const reason = this.failureReason(stack, op, ids, "update");
        if (op.disableRollback) return this.finish(stack, op, "UPDATE_FAILED", reason);
        return this.rollBackUpdate(stack, op, reason);
      }
      case "update-rollback":
        stackEvent(stack, "UPDATE_ROLLBACK_FAILED", this.failureReason(stack, op, ids, "update"));
        op.paused = true;
        return;
      case "delete":
        return this.finish(stack, op, "DELETE_FAILED", this.failureReason(stack, op, ids, "delete"));
      default:
        return; // cleanup phases never fail
    }
  }

  /** UPDATE_ROLLBACK_IN_PROGRESS: back to the previous template, then revert what the update changed. */
  private rollBackUpdate(stack: StackRecord, op: Operation, reason: string): void {
    stackEvent(stack, "UPDATE_ROLLBACK_IN_PROGRESS", reason);
    const prev = op.previous!;
    op.attempted = {
      templateHash: stack.templateHash,
      parameters: stack.parameters,
      tags: stack.tags,
      capabilities: stack.capabilities,
      description: stack.description,
    };
    Object.assign(stack, {
      templateHash: prev.templateHash,
      parameters: prev.parameters,
      tags: prev.tags,
      capabilities: prev.capabilities,
      description: prev.description,
    });
    const steps = revertSteps(op, this.safeInstance(stack, stack));
    op.phase = "update-rollback";
    op.steps = steps;
  }

  /** CancelUpdateStack: stop the resources in flight and roll the update back. */
  cancelUpdate(stack: StackRecord): void {
    const op = stack.op;
    if (stack.status !== "UPDATE_IN_PROGRESS" || !op || op.phase !== "update") {
      throw validationError(`CancelUpdateStack cannot be called from current stack status ${stack.status}.`);
    }
    for (const s of Object.values(op.steps)) {
      if (s.state !== "running") continue;
      this.timers.disarm(stack.stackId, s);
      cancelStep(stack, op, s);
    }
    this.rollBackUpdate(stack, op, "User Initiated");
    this.drive(stack);
  }

  private fire(stackId: string, opId: string, phase: string, logicalId: string): void {
    const stack = this.store.stacks[stackId];
    const op = stack?.op;
    // A timer from a phase or operation that has moved on is stale.
    if (!op || op.id !== opId || op.phase !== phase || op.paused) return;
    const step = op.steps[logicalId];
    if (!step || step.state !== "running") return;
    if ((step.dueAt ?? 0) > Date.now() + 1) return this.timers.arm(stackId, op, step); // capped delay
    progressStep(this, stack, op, step);
    if (step.state === "running") this.timers.arm(stackId, op, step);
    this.drive(stack);
  }

  /** After a restart: re-arm running steps from their persisted due times and continue. */
  resume(): number {
    let resumed = 0;
    for (const stack of Object.values(this.store.stacks)) {
      const op = stack.op;
      if (!op || op.paused) continue;
      resumed++;
      for (const s of Object.values(op.steps)) if (s.state === "running") this.timers.arm(stack.stackId, op, s);
      // An alarm that went into ALARM while the sandbox was down still rolls the operation back.
      const firing = watching(op) ? op.rollback!.triggers.filter((t) => this.alarms.byArn(t.Arn)?.state === "ALARM").map((t) => t.Arn) : [];
      if (firing.length) this.triggered(stack, op, firing);
      else this.drive(stack);
    }
    return resumed;
  }

  get activeTimers(): number {
    return this.timers.size;
  }

  get timersFired(): number {
    return this.timers.fired;
  }

  stopAll(): void {
    this.timers.stopAll();
    for (const t of this.monitors.values()) clearTimeout(t);
    this.monitors.clear();
  }
}
