import "server-only";
import { liveStatus } from "./queries";

// The client page's live stream, as server-sent events: `status` with progress and the events
// after the last one sent, once a second, read from the database the tracker fills (any number
// of viewers cost no CloudFormation calls), then `done` when no operation is running. The page's
// route handler and the API's /clients/{slug}/live both serve this.

const TICKS = 900; // 15 minutes at one a second; a client reconnects with ?after= to go on

/** How often an open stream checks that its viewer's session still holds (ms). */
export const RECHECK_MS = 5000;

export interface StreamOptions {
  /** Checked every RECHECK_MS: false (the session ended, the user was disabled) ends the stream. */
  stillAllowed?: () => Promise<boolean>;
  /** Called once when the stream ends, however it ends (a per-user slot is given back). */
  onClose?: () => void;
}

export function liveEventStream(
  clientId: string,
  afterSeq: number,
  signal: AbortSignal,
  options: StreamOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastSeq = afterSeq;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    options.onClose?.();
  };
  signal.addEventListener("abort", close, { once: true });
  return new ReadableStream<Uint8Array>({
    cancel: close,
    async start(controller) {
      const send = (event: string, data: unknown) =>
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      let checkedAt = Date.now();
      for (let tick = 0; tick < TICKS && !signal.aborted && !closed; tick++) {
        if (options.stillAllowed && Date.now() - checkedAt >= RECHECK_MS) {
          checkedAt = Date.now();
          if (!(await options.stillAllowed())) {
            send("ended", { reason: "Your session has ended. Sign in again to keep watching." });
            break;
          }
        }
        const status = await liveStatus(clientId, { afterSeq: lastSeq });
        if (!status) break;
        if (status.events.length) lastSeq = status.events[status.events.length - 1].seq;
        send("status", status);
        if (!status.operation || status.operation.phase === "DONE") {
          send("done", {});
          break;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      close();
      try {
        controller.close();
      } catch {
        // Already closed by the viewer going away.
      }
    },
  });
}

export const EVENT_STREAM_HEADERS = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
} as const;
