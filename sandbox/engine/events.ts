// The event stream: every status change of the stack or one of its resources appends one event.
import { randomUUID } from "node:crypto";
import type { ResourceRecord, StackEvent, StackRecord } from "./model";

const STACK_TYPE = "AWS::CloudFormation::Stack";

const lastTime = new WeakMap<StackRecord, number>();

function isoNow(stack: StackRecord): string {
  // Keep timestamps strictly increasing per stack so "newest first" is unambiguous.
  let last = lastTime.get(stack);
  if (last === undefined) {
    const ts = stack.events[stack.events.length - 1]?.timestamp;
    last = ts ? Date.parse(ts) : 0;
  }
  const t = Math.max(Date.now(), last + 1);
  lastTime.set(stack, t);
  return new Date(t).toISOString();
}

export function stackEvent(stack: StackRecord, status: string, reason?: string): StackEvent {
  stack.status = status;
  stack.statusReason = reason;
  const e: StackEvent = {
    eventId: randomUUID(),
    timestamp: isoNow(stack),
    logicalId: stack.stackName,
    physicalId: stack.stackId,
    resourceType: STACK_TYPE,
    status,
    reason,
    token: stack.op?.token,
    operationId: stack.op?.id,
  };
  stack.events.push(e);
  return e;
}

export function resourceEvent(
  stack: StackRecord,
  r: ResourceRecord,
  status: string,
  reason?: string,
  opts: { properties?: string; physicalId?: string; updateRecord?: boolean } = {},
): StackEvent {
  const e: StackEvent = {
    eventId: `${r.logicalId}-${randomUUID()}`,
    timestamp: isoNow(stack),
    logicalId: r.logicalId,
    physicalId: opts.physicalId ?? r.physicalId ?? "",
    resourceType: r.type,
    status,
    reason,
    properties: opts.properties,
    token: stack.op?.token,
    operationId: stack.op?.id,
  };
  if (opts.updateRecord !== false) {
    r.status = status;
    r.reason = reason;
    r.timestamp = e.timestamp;
  }
  stack.events.push(e);
  return e;
}

/** Event ResourceProperties with NoEcho parameter values masked, as CloudFormation shows them. */
export function maskedProperties(stack: StackRecord, props: unknown): string {
  let s = JSON.stringify(props);
  for (const p of stack.parameters) {
    if (p.noEcho && p.value) s = s.split(JSON.stringify(p.value).slice(1, -1)).join("****");
  }
  return s;
}
