import cliProgress from "cli-progress";
import { createParser } from "eventsource-parser";
import type { StackportClient } from "../lib/api/client";
import { CliError, problemText, type Io } from "./output";

// `stackport watch <client>`: waits for the client's open request to start, then follows its
// operation on the live stream (the client page's) with a progress bar until it ends. Exit 0 when
// it succeeded, 1 with the reason when it failed.

interface LiveStatus {
  operation: { id: string; phase: string; stackStatus: string | null; statusReason: string | null; requestId: string; kind: string } | null;
  client: { status: string; statusReason: string | null; stackStatus: string | null };
  progress: { done: number; total: number; percent: number; etaSeconds: number | null } | null;
  events: { seq: number; logicalId: string; resourceType: string; status: string; reason: string | null; timestamp: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const failed = (status: string | null) => !status || /FAILED|ROLLBACK/.test(status) || !status.endsWith("_COMPLETE");

async function operationToFollow(api: StackportClient, slug: string, io: Io, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let said = "";
  for (;;) {
    const { data, error, response } = await api.GET("/api/v1/clients/{slug}", { params: { path: { slug } } });
    if (!data) throw new CliError(problemText(error, response.status));
    const open = data.openRequests[0];
    // The latest operation is the one to follow unless an open request has not started its own yet.
    if (data.operation && (!open || data.operation.requestId === open.id)) return data.operation;
    if (!open) throw new CliError(`${slug} has no operation to follow and no open request.`);
    const waiting = `Waiting for the ${open.kind.toLowerCase()} request ${open.id} (${open.state.toLowerCase()}) to start…`;
    if (waiting !== said) io.err((said = waiting));
    if (Date.now() > deadline) throw new CliError(`Gave up waiting: the request is still ${open.state.toLowerCase()}.`);
    await sleep(2000);
  }
}

export async function watch(api: StackportClient, slug: string, io: Io, options: { json: boolean; timeoutMs: number }): Promise<number> {
  const operation = await operationToFollow(api, slug, io, options.timeoutMs);
  const bar =
    io.isTTY && !options.json
      ? new cliProgress.SingleBar(
          { format: " {bar} {percentage}% | {value}/{total} resources | {eta_text}", clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(1, 0, { eta_text: "" });
  let last: LiveStatus | null = null;
  let after = 0;
  let lastPercent = -1;
  const onStatus = (status: LiveStatus) => {
    last = status;
    for (const e of status.events) {
      after = Math.max(after, e.seq);
      if (options.json) io.out(JSON.stringify({ type: "event", ...e }));
      else if (!bar)
        io.out(`${e.timestamp.slice(11, 19)}  ${e.status.padEnd(20)} ${e.logicalId} (${e.resourceType})${e.reason ? ` ${e.reason}` : ""}`);
    }
    const p = status.progress;
    if (p && bar) {
      bar.setTotal(Math.max(1, p.total));
      bar.update(p.done, { eta_text: p.etaSeconds === null ? "" : `about ${p.etaSeconds}s left` });
    } else if (p && !options.json && p.percent !== lastPercent) {
      lastPercent = p.percent;
      io.err(`progress ${p.percent}% (${p.done}/${p.total} resources)`);
    }
  };
  // The stream ends after 15 minutes or on a dropped connection: reconnect from the last event seen.
  for (let attempt = 0; attempt < 20; attempt++) {
    const { response, error } = await api.GET("/api/v1/clients/{slug}/live", {
      params: { path: { slug }, query: { after } },
      parseAs: "stream",
    });
    if (!response.ok || !response.body) throw new CliError(problemText(error, response.status));
    let done = false;
    const parser = createParser({
      onEvent: (message) => {
        if (message.event === "status") onStatus(JSON.parse(message.data) as LiveStatus);
        if (message.event === "done") done = true;
      },
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    const current = last as LiveStatus | null;
    if (done || current?.operation?.phase === "DONE") break;
  }
  bar?.stop();
  const end = last as LiveStatus | null;
  const stackStatus = end?.operation?.stackStatus ?? null;
  const ok = end?.operation?.id === operation.id && end.operation.phase === "DONE" && !failed(stackStatus);
  const reason = end?.operation?.statusReason ?? end?.client.statusReason ?? "the operation did not finish";
  if (options.json) io.out(JSON.stringify({ type: "result", ok, operation: end?.operation ?? null, client: end?.client ?? null }));
  else io.out(ok ? `${slug}: ${stackStatus} (${end?.client.status.toLowerCase()})` : `${slug}: ${stackStatus ?? "unknown"}: ${reason}`);
  if (!ok && !options.json) io.err(`The ${operation.kind.toLowerCase()} of ${slug} failed: ${reason}`);
  return ok ? 0 : 1;
}
