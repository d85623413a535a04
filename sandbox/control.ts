// The sandbox's own control API under /_sandbox/ (JSON, never a CloudFormation action):
//   GET  /_sandbox/health          liveness and settings
//   GET  /_sandbox/stats           counters; POST /_sandbox/stats/reset zeroes them
//   POST /_sandbox/reset           forget every stack, change set and fault
//   POST /_sandbox/flush           write the state file now
//   GET  /_sandbox/faults          list; POST adds one fault or an array; DELETE clears (or /:id)
//   POST /_sandbox/alarms          { stackName, logicalId, state, reason? }: set a stack's alarm's state
// Every route answers only its own methods (405 with Allow otherwise): nothing changes on a GET.
// Requests from web pages never get here (guard.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiContext } from "./api/context";
import { findStack } from "./api/context";
import { ApiError } from "./errors";
import type { Fault } from "./engine/model";
import type { Stats } from "./stats";
import { ALARM_STATES, type AlarmState } from "./cloudwatch/alarms";

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body, null, 2);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json), ...headers });
  res.end(json);
}

const METHODS: Record<string, string[]> = {
  "/_sandbox/health": ["GET"],
  "/_sandbox/stats": ["GET"],
  "/_sandbox/stats/reset": ["POST"],
  "/_sandbox/reset": ["POST"],
  "/_sandbox/flush": ["POST"],
  "/_sandbox/faults": ["GET", "POST", "DELETE"],
  "/_sandbox/alarms": ["POST"],
  "/_sandbox/speed": ["POST"],
};

function allowedMethods(path: string): string[] | undefined {
  if (Object.hasOwn(METHODS, path)) return METHODS[path];
  if (path.startsWith("/_sandbox/faults/")) return ["DELETE"];
  return undefined;
}

function stackCounts(ctx: ApiContext): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of Object.values(ctx.store.stacks)) out[s.status] = (out[s.status] ?? 0) + 1;
  return out;
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, body: string, ctx: ApiContext, stats: Stats): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox");
  const path = url.pathname.replace(/\/+$/, "");
  const route = `${req.method} ${path}`;
  const allowed = allowedMethods(path);
  if (allowed && !allowed.includes(req.method ?? "")) {
    return send(res, 405, { error: `${req.method} is not allowed on ${path}` }, { allow: allowed.join(", ") });
  }
  try {
    switch (route) {
      case "GET /_sandbox/health":
        return send(res, 200, {
          status: "ok",
          pid: process.pid,
          port: ctx.config.port,
          speed: ctx.engine.speed,
          stateFile: ctx.config.stateFile ?? null,
          stacks: Object.keys(ctx.store.stacks).length,
        });
      case "GET /_sandbox/stats":
        return send(
          res,
          200,
          stats.snapshot({
            stacks: stackCounts(ctx),
            activeTimers: ctx.engine.activeTimers,
            timersFired: ctx.engine.timersFired,
            stateWrites: ctx.store.writes,
          }),
        );
      case "POST /_sandbox/stats/reset":
        stats.reset();
        return send(res, 200, { ok: true });
      case "POST /_sandbox/reset":
        ctx.engine.stopAll();
        ctx.changeSets.stopAll();
        ctx.drift.stopAll();
        ctx.store.reset();
        await ctx.store.flush();
        return send(res, 200, { ok: true });
      case "POST /_sandbox/flush":
        await ctx.store.flush();
        return send(res, 200, { ok: true, writes: ctx.store.writes });
      case "GET /_sandbox/faults":
        return send(res, 200, ctx.faults.list());
      case "POST /_sandbox/faults": {
        const input = JSON.parse(body || "{}") as Partial<Fault> | Partial<Fault>[];
        const added = (Array.isArray(input) ? input : [input]).map((f) => {
          const fault = ctx.faults.add(f);
          if (fault.kind === "drift") ctx.drift.inject(fault, (name) => findStack(ctx, name));
          return fault;
        });
        return send(res, 201, added);
      }
      case "POST /_sandbox/alarms": {
        // Set a stack's alarm (by stack and logical id) to a state, as SetAlarmState would.
        const input = JSON.parse(body || "{}") as { stackName?: string; logicalId?: string; state?: string; reason?: string };
        const stack = input.stackName ? findStack(ctx, input.stackName) : undefined;
        if (!stack) throw new ApiError("ValidationError", `no stack ${String(input.stackName)}`, 404);
        const alarm = ctx.engine.alarms.byResource(stack, String(input.logicalId));
        if (!alarm) throw new ApiError("ValidationError", `no alarm ${String(input.logicalId)} in stack ${stack.stackName}`, 404);
        if (!ALARM_STATES.includes(input.state as AlarmState))
          throw new ApiError("ValidationError", `state must be one of ${ALARM_STATES.join(", ")}`);
        ctx.engine.alarms.setState(alarm, input.state as AlarmState, input.reason ?? "Set by the sandbox control API");
        return send(res, 200, { alarmName: alarm.name, alarmArn: alarm.arn, state: alarm.state });
      }
      case "POST /_sandbox/speed": {
        // How fast simulated time runs from now on (SANDBOX_SPEED at start): steps already scheduled keep their time.
        const input = JSON.parse(body || "{}") as { speed?: unknown };
        if (typeof input.speed !== "number" || !(input.speed > 0) || !Number.isFinite(input.speed))
          throw new ApiError("ValidationError", "speed must be a positive number");
        ctx.engine.speed = input.speed;
        return send(res, 200, { speed: ctx.engine.speed });
      }
      case "DELETE /_sandbox/faults":
        ctx.faults.clear();
        return send(res, 200, { ok: true });
      default:
        if (req.method === "DELETE" && url.pathname.startsWith("/_sandbox/faults/")) {
          const removed = ctx.faults.remove(decodeURIComponent(url.pathname.slice("/_sandbox/faults/".length)));
          return send(res, removed ? 200 : 404, { ok: removed });
        }
        return send(res, 404, { error: `no control route ${route}` });
    }
  } catch (e) {
    if (e instanceof ApiError) return send(res, e.status, { error: e.message, code: e.code });
    if (e instanceof SyntaxError) return send(res, 400, { error: `invalid JSON: ${e.message}` });
    throw e;
  }
}
