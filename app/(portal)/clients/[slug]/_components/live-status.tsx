"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { LiveEvent, LiveStatus } from "@/lib/tracker/queries";
import { formatEta } from "@/lib/tracker/progress";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Alert } from "@/components/ui/alert";
import { Badge, type Tone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

const tone = (status: string): Tone =>
  /FAILED/.test(status) ? "danger" : /ROLLBACK/.test(status) ? "warning" : /COMPLETE|SKIPPED/.test(status) ? "success" : "info";

/**
 * The client's latest operation, kept current by server-sent events from the database. The page
 * keys it by operation, so it keeps its state (an opened timeline, the events it has) when the page
 * refreshes itself at the operation's end, and starts afresh for the next operation.
 */
export function LiveStatusPanel({ slug, initial }: { slug: string; initial: LiveStatus }) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  const [events, setEvents] = useState<LiveEvent[]>(initial.events);
  // A finished operation's events come folded and unloaded: fetched when the timeline is opened.
  const [loaded, setLoaded] = useState<"yes" | "no" | "loading" | "failed">(initial.events.length < initial.eventCount ? "no" : "yes");
  // Open while the operation runs; afterwards it stays as the viewer leaves it.
  const [open, setOpen] = useState(initial.operation?.phase !== "DONE");
  const lastSeq = useRef(initial.events.at(-1)?.seq ?? 0);
  const inFlight = initial.operation && initial.operation.phase !== "DONE";
  const operationId = initial.operation?.id;

  // The page refreshed (at the operation's end, say): take its status. A refreshed page sends a
  // finished operation's events unloaded, so the events already shown are kept.
  const [seen, setSeen] = useState(initial);
  if (initial !== seen) {
    setSeen(initial);
    setStatus(initial);
    if (initial.events.length >= initial.eventCount) {
      setEvents(initial.events);
      setLoaded("yes");
    }
  }

  // `quietly`: replace the events shown without a loading state (the full list, at the end).
  const loadEvents = useCallback(
    async (quietly = false) => {
      if (!operationId) return;
      if (!quietly) setLoaded("loading");
      try {
        const res = await fetch(`/api/clients/${slug}/events?operation=${encodeURIComponent(operationId)}`, {
          headers: { accept: "application/json" },
        });
        if (!res.ok) throw new Error(String(res.status));
        setEvents(((await res.json()) as { events: LiveEvent[] }).events);
        setLoaded("yes");
      } catch {
        if (!quietly) setLoaded("failed");
      }
    },
    [slug, operationId],
  );

  useEffect(() => {
    if (!inFlight) return;
    let source: EventSource | undefined;
    let again: ReturnType<typeof setTimeout> | undefined;
    let finished = false;
    const connect = () => {
      const current = new EventSource(`/api/clients/${slug}/live?after=${lastSeq.current}`);
      source = current;
      current.addEventListener("status", (message) => {
        const next = JSON.parse((message as MessageEvent).data) as LiveStatus;
        setStatus(next);
        if (next.events.length) {
          lastSeq.current = next.events[next.events.length - 1].seq;
          setEvents((previous) => [...previous, ...next.events.filter((e) => e.seq > (previous.at(-1)?.seq ?? 0))]);
        }
      });
      current.addEventListener("done", () => {
        finished = true;
        current.close();
        // Each status brings a bounded batch of events, so the last may not hold every one that
        // arrived with the end: take the whole list once (the timeline stays as it is meanwhile).
        void loadEvents(true);
        router.refresh();
      });
      // The viewer's session ended: stop, and let the refresh send them to sign-in.
      current.addEventListener("ended", () => {
        finished = true;
        current.close();
        router.refresh();
      });
      // The browser reconnects by itself when the stream drops, but gives up for good when a
      // reconnection is answered with an error (a load balancer's 502 while an instance is
      // replaced): then start again from the last event shown.
      current.addEventListener("error", () => {
        if (finished || current.readyState !== EventSource.CLOSED) return;
        clearTimeout(again);
        again = setTimeout(connect, 2000);
      });
    };
    connect();
    return () => {
      finished = true;
      clearTimeout(again);
      source?.close();
    };
  }, [inFlight, slug, router, loadEvents]);

  const { operation, progress, client } = status;
  if (!operation) return <p className="text-sm text-slate-600">No stack yet: it is launched once the onboarding request is approved.</p>;
  const failed = /FAILED|ROLLBACK/.test(operation.stackStatus ?? "") || progress?.failed;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium">{operation.kind.toLowerCase()} operation</span>
        <span data-testid="stack-status">
          {operation.stackStatus ? (
            <Badge tone={tone(operation.stackStatus)}>{operation.stackStatus}</Badge>
          ) : (
            <Badge tone="info">Starting</Badge>
          )}
        </span>
        {operation.phase !== "DONE" && progress ? (
          <span className="text-slate-600" data-testid="eta">
            Time remaining: {formatEta(progress.etaSeconds)}
          </span>
        ) : null}
      </div>
      {progress ? (
        <div>
          <ProgressBar
            label="Resources complete"
            done={progress.done}
            total={progress.total}
            percent={progress.percent}
            failed={Boolean(failed)}
          />
          <p className="mt-1 text-sm text-slate-700" data-testid="progress-text">
            {progress.done} of {progress.total} resources · {progress.percent}%
          </p>
        </div>
      ) : null}
      {failed && (operation.statusReason || client.statusReason) ? (
        <Alert tone="danger" title="Why it failed">
          {operation.statusReason ?? client.statusReason}
        </Alert>
      ) : null}
      {Object.keys(client.outputs).length && operation.phase === "DONE" && !failed ? <Outputs outputs={client.outputs} /> : null}
      <details
        open={open}
        onToggle={(e) => {
          const nowOpen = e.currentTarget.open;
          setOpen(nowOpen);
          if (nowOpen && loaded === "no") void loadEvents();
        }}
      >
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Event timeline ({loaded === "yes" ? events.length : status.eventCount})
        </summary>
        {loaded === "loading" ? (
          <p role="status" className="mt-2 text-sm text-slate-600">
            Loading the events…
          </p>
        ) : null}
        {loaded === "failed" ? (
          <Alert tone="danger" title="The events could not be loaded">
            <button type="button" className="font-medium underline" onClick={() => void loadEvents()}>
              Try again
            </button>
          </Alert>
        ) : null}
        {/* A scrolling region is focusable, so it can be scrolled from the keyboard. */}
        {loaded === "yes" ? (
          <div
            tabIndex={0}
            role="region"
            aria-label="Event timeline"
            className="mt-2 max-h-96 overflow-auto rounded focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            <ol className="space-y-1 text-xs" aria-label="Stack events, newest first" aria-live="polite">
              {[...events]
                .reverse()
                .slice(0, 200)
                .map((e) => (
                  <li key={e.seq} className="flex flex-wrap items-baseline gap-2 border-b border-slate-100 py-1">
                    <time className="tabular-nums text-slate-500" dateTime={e.timestamp}>
                      {e.timestamp.slice(11, 19)}
                    </time>
                    <Badge tone={tone(e.status)}>{e.status}</Badge>
                    <span className="font-medium">{e.logicalId}</span>
                    <span className="text-slate-500">{e.resourceType}</span>
                    {e.reason ? (
                      <span className={cn(/FAILED/.test(e.status) ? "font-medium text-red-800" : "text-slate-600")}>{e.reason}</span>
                    ) : null}
                  </li>
                ))}
            </ol>
          </div>
        ) : null}
      </details>
    </div>
  );
}

function Outputs({ outputs }: { outputs: Record<string, string> }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2" aria-label="Stack outputs">
      {Object.entries(outputs)
        .sort()
        .map(([k, v]) => (
          <div key={k}>
            <dt className="text-slate-600">{k}</dt>
            <dd className="break-all font-mono text-xs">
              {/^https?:\/\//.test(v) ? (
                <a className="text-brand-700 underline" href={v} target="_blank" rel="noreferrer">
                  {v}
                </a>
              ) : (
                v
              )}
            </dd>
          </div>
        ))}
    </dl>
  );
}
