import "server-only";
import { db } from "../db";
import { getEnv, type Env } from "../env";
import { log, logUnexpected } from "../log";
import { afterAttempt } from "./backoff";
import { checkTarget, postToTarget, type Resolve } from "./pinned-post";
import { isSealed, openSecret, sealSecret, SecretDecryptionError } from "./secret-box";
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

/**
 * Sends every due delivery once (up to a batch); safe to call from several processes at once.
 * `resolve` replaces the system's resolver (tests give names their own addresses).
 */
export async function deliverDue(options: { limit?: number; resolve?: Resolve } = {}): Promise<DeliveryRun> {
  const env = getEnv();
  await sealLegacySecrets();
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
        const outcome = await attempt(c.id, c.attempt, c.inRound, options.resolve).catch((error) => {
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
async function attempt(deliveryId: string, attemptNumber: number, inRound: number, resolve?: Resolve) {
  const env = getEnv();
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: { omit: { secret: false } } } });
  if (!delivery?.endpoint) return null; // the endpoint was deleted since the claim
  const secret = await endpointSecret(delivery.endpoint);
  const sent: Sent =
    "error" in secret
      ? { ok: false, final: false, statusCode: null, error: secret.error }
      : await post(
          delivery.endpoint.url,
          secret.secret,
          { id: delivery.id, event: delivery.event, payload: delivery.payload },
          env,
          resolve,
        );
  // A refused address is not retried: it would be refused again (an administrator can retry it).
  const outcome = sent.final
    ? ({ status: "FAILED" } as const)
    : afterAttempt({ ok: sent.ok, attempts: inRound, maxAttempts: env.WEBHOOK_MAX_ATTEMPTS, baseMs: env.WEBHOOK_BACKOFF_MS });
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

/**
 * The endpoint's signing secret, decrypted. A secret stored before encryption is encrypted now,
 * by a conditional update (another process may be doing the same). A secret that cannot be
 * decrypted is an operator's problem, logged as such; the delivery log gets a shorter sentence.
 */
async function endpointSecret(endpoint: { id: string; secret: string }): Promise<{ secret: string } | { error: string }> {
  const key = getEnv().WEBHOOK_SECRET_KEY;
  try {
    const { secret, legacy } = openSecret(endpoint.secret, key);
    if (legacy) {
      await db.webhookEndpoint.updateMany({
        where: { id: endpoint.id, secret: endpoint.secret },
        data: { secret: sealSecret(secret, key) },
      });
    }
    return { secret };
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    log("error", "webhook_secret_unreadable", {
      endpointId: endpoint.id,
      reason: error.reason,
      message: `The signing secret of webhook endpoint ${endpoint.id} cannot be decrypted: ${error.message}. Restore the WEBHOOK_SECRET_KEY it was written with, or rotate the endpoint's secret (and give the receiver the new one).`,
    });
    return {
      error: "The signing secret cannot be decrypted with this installation's WEBHOOK_SECRET_KEY; rotate the secret or restore the key",
    };
  }
}

/**
 * Encrypts every secret still stored in the clear (rows written before encryption at rest), once
 * per process, before its first delivery run: an endpoint with nothing to send is migrated too.
 */
let legacySealed: Promise<void> | undefined;
export function sealLegacySecrets(): Promise<void> {
  legacySealed ??= (async () => {
    const key = getEnv().WEBHOOK_SECRET_KEY;
    const rows = await db.webhookEndpoint.findMany({
      where: { NOT: { secret: { startsWith: "v1:" } } },
      select: { id: true, secret: true },
    });
    let sealed = 0;
    for (const row of rows.filter((r) => !isSealed(r.secret))) {
      const moved = await db.webhookEndpoint.updateMany({
        where: { id: row.id, secret: row.secret },
        data: { secret: sealSecret(row.secret, key) },
      });
      sealed += moved.count;
    }
    if (sealed) log("info", "webhook_secrets_encrypted", { endpoints: sealed });
  })().catch((error) => {
    legacySealed = undefined; // try again on the next run
    throw error;
  });
  return legacySealed;
}

interface Sent {
  ok: boolean;
  /** Refused by the address policy: no further attempt of this round. */
  final: boolean;
  statusCode: number | null;
  error: string | null;
}

/** One signed POST to the address the host resolves to now, if it may receive it. Never throws. */
async function post(
  url: string,
  secret: string,
  delivery: { id: string; event: string; payload: string },
  env: Env,
  resolve?: Resolve,
): Promise<Sent> {
  const timeoutMs = env.WEBHOOK_TIMEOUT_MS;
  const started = Date.now();
  const checked = await checkTarget(url, { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE_TARGETS, timeoutMs, resolve });
  if (!checked.ok) return { ok: false, final: checked.refused, statusCode: null, error: checked.error };
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const status = await postToTarget(checked.target, {
      timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)),
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
    const ok = status >= 200 && status < 300;
    const error = ok ? null : status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`;
    return { ok, final: false, statusCode: status, error };
  } catch (error) {
    return { ok: false, final: false, statusCode: null, error: networkError(error, timeoutMs) };
  }
}

function networkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `No answer within ${timeoutMs} ms`;
  const code =
    (error as { code?: string } | undefined)?.code ??
    (error instanceof Error ? (error.cause as { code?: string } | undefined)?.code : undefined);
  const messages: Record<string, string> = {
    ECONNREFUSED: "Connection refused",
    ECONNRESET: "Connection reset",
    EHOSTUNREACH: "Host unreachable",
    ENETUNREACH: "Network unreachable",
    ETIMEDOUT: "Connection timed out",
    EPIPE: "Connection closed",
    ABORT_ERR: `No answer within ${timeoutMs} ms`,
    ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host name",
    CERT_HAS_EXPIRED: "TLS certificate has expired",
    DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate is self-signed",
    SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate is not trusted",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate is not trusted",
  };
  return (code && (messages[code] ?? `Network error (${code})`)) || "Network error";
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
