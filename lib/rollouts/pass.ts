import "server-only";
import { db } from "../db";
import { logUnexpected } from "../log";
import { prepareStep } from "./prepare";
import { runStep } from "./run";

// The rollouts' part of a worker pass: each rollout that is preparing or running is claimed with a
// lease (as operations are), so of several portal instances one steps it at a time, and a dead
// instance's rollout moves to another when its lease expires. Called from lib/tracker/pass.ts.

/** Claims the rollout for `owner` until `now + leaseMs`; false when another instance holds it. */
export async function claimRollout(rolloutId: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
  const claimed = await db.rollout.updateMany({
    where: { id: rolloutId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: owner }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
  });
  return claimed.count === 1;
}

/** One step of every rollout in PREPARING or RUNNING (or halted with clients in flight) that this process can claim. */
export async function stepRollouts(owner: string, leaseMs: number, now = new Date()): Promise<number> {
  const active = await db.rollout.findMany({
    where: {
      OR: [
        { state: { in: ["PREPARING", "RUNNING"] } },
        // Halted or paused with clients still in flight: their results are recorded as they finish.
        { state: { in: ["HALTED", "PAUSED"] }, targets: { some: { state: "RELEASED" } } },
      ],
    },
    select: { id: true, state: true },
    orderBy: { createdAt: "asc" },
    take: 10,
  });
  let stepped = 0;
  for (const rollout of active) {
    if (!(await claimRollout(rollout.id, owner, now, leaseMs))) continue;
    try {
      if (rollout.state === "PREPARING") await prepareStep(rollout.id);
      else await runStep(rollout.id, now);
      stepped++;
    } catch (error) {
      logUnexpected(error, { where: "rollout", rolloutId: rollout.id });
    }
  }
  return stepped;
}
