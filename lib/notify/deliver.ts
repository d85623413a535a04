import "server-only";
import { db } from "../db";
import { getEnv } from "../env";
import { log, logUnexpected } from "../log";
import { afterAttempt } from "./backoff";
import { signatureFor } from "./signing";

// Sends queued notifications. Each attempt is claimed first with a conditional update that
// bumps `attempts` and pushes `nextAttemptAt` past the send's timeout (a lease): of two portal
// instances reading the same due row, only one claim changes it, and a process that dies
// mid-send leaves the row to be retried when the lease runs out. The result is recorded only
// if the row still carries that claim. `attempts` only ever grows; the backoff and the limit
// count the attempts of the current round, those since an administrator's last "retry now".

const BATCH = 20;
const PARALLEL = 5;
const LEASE_MARGIN_MS = 30_000;

export interface DeliveryRun {
  attempted: number;
  delivered: number;
  failed: number;
}

/** Sends every due delivery once (up to a batch); safe to call from several processes at once. */
export async function deliverDue(options: { limit?: number } = {}): Promise<DeliveryRun> {
  const env = getEnv();
  const now = new Date();
  const due = await db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now }, endpoint: { enabled: true } },
    orderBy: { nextAttemptAt: "asc" },
    select: { id: true, attempts: true, roundStart: true, nextAttemptAt: true },
    take: options.limit ?? BATCH,
  });
  const leaseUntil = new Date(now.getTime() + env.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS);
  const claimed: { id: string; attempt: number; inRound: number }[] = [];
  for (const d of due) {
    const won = await db.webhookDelivery.updateMany({
      where: { id: d.id, status: "PENDING", attempts: d.attempts, nextAttemptAt: d.nextAttemptAt },
      data: { attempts: d.attempts + 1, nextAttemptAt: leaseUntil },
    });
    if (won.count === 1) claimed.push({ id: d.id, attempt: d.attempts + 1, inRound: d.attempts + 1 - d.roundStart });
  }
  const run: DeliveryRun = { attempted: claimed.length, delivered: 0, failed: 0 };
  for (let i = 0; i < claimed.length; i += PARALLEL) {
    await Promise.all(
      claimed.slice(i, i + PARALLEL).map(async (c) => {
        const outcome = await attempt(c.id, c.attempt, c.inRound).catch((error) => {
          logUnexpected(error, { where: "webhook_delivery", deliveryId: c.id });
          return null;
        });
        if (outcome === "DELIVERED") run.delivered++;
        if (outcome === "FAILED") run.failed++;
      }),
    );
  }
  return run;
}

/** Sends attempt `attemptNumber` of the delivery, the `inRound`-th of its current round. */
async function attempt(deliveryId: string, attemptNumber: number, inRound: number) {
  const env = getEnv();
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: { omit: { secret: false } } } });
  if (!delivery?.endpoint) return null; // the endpoint was deleted since the claim
  const sent = await post(
    delivery.endpoint.url,
    delivery.endpoint.secret,
    { id: delivery.id, event: delivery.event, payload: delivery.payload },
    env.WEBHOOK_TIMEOUT_MS,
  );
  const outcome = afterAttempt({ ok: sent.ok, attempts: inRound, maxAttempts: env.WEBHOOK_MAX_ATTEMPTS, baseMs: env.WEBHOOK_BACKOFF_MS });
  const at = new Date();
  const recorded = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, status: "PENDING", attempts: attemptNumber },
    data: {
      status: outcome.status,
      lastStatusCode: sent.statusCode,
      lastError: sent.error,
      ...(outcome.status === "DELIVERED" ? { deliveredAt: at } : {}),
      ...(outcome.status === "PENDING" ? { nextAttemptAt: new Date(at.getTime() + outcome.retryInMs) } : {}),
    },
  });
  if (recorded.count !== 1) return null;
  log(sent.ok ? "info" : "warn", "webhook_delivery", {
    deliveryId,
    endpointId: delivery.endpointId,
    webhookEvent: delivery.event,
    attempt: attemptNumber,
    status: outcome.status,
    statusCode: sent.statusCode,
    error: sent.error,
  });
  return outcome.status;
}

/** One signed POST. Never throws: a failure is the message to show in the delivery log. */
async function post(url: string, secret: string, delivery: { id: string; event: string; payload: string }, timeoutMs: number) {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Stackport-Webhooks/1",
        "X-Stackport-Event": delivery.event,
        "X-Stackport-Delivery": delivery.id,
        "X-Stackport-Timestamp": String(timestamp),
        "X-Stackport-Signature": signatureFor(secret, timestamp, delivery.payload),
      },
      body: delivery.payload,
    });
    // The answer's body is never read or kept (see schemas.ts on why).
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    const error = ok
      ? null
      : response.status >= 300 && response.status < 400
        ? `HTTP ${response.status}: redirects are not followed`
        : `HTTP ${response.status}`;
    return { ok, statusCode: response.status, error };
  } catch (error) {
    return { ok: false, statusCode: null, error: networkError(error, timeoutMs) };
  }
}

function networkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `No answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const messages: Record<string, string> = {
    ECONNREFUSED: "Connection refused",
    ENOTFOUND: "Host name not found",
    ECONNRESET: "Connection reset",
    EAI_AGAIN: "Host name lookup failed",
    UND_ERR_SOCKET: "Connection closed",
  };
  return (cause?.code && (messages[cause.code] ?? `Network error (${cause.code})`)) || "Network error";
}

let inFlight: Promise<unknown> | undefined;

/**
 * The worker's hook: starts a delivery run unless one is still going in this process, and
 * returns at once (callers do not await the promise), so a slow endpoint never holds up the
 * tracker's loop.
 */
export function deliverInBackground(): Promise<unknown> {
  if (inFlight) return inFlight;
  inFlight = deliverDue()
    .catch((error) => logUnexpected(error, { where: "webhook_delivery" }))
    .finally(() => {
      inFlight = undefined;
    });
  return inFlight;
}
