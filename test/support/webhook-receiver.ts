import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "../../lib/notify/signing";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  json: { event: string; occurredAt: string; data: Record<string, unknown> };
  /** The signature checked against the receiver's current secret, as a real receiver would. */
  signatureValid: boolean;
}

/**
 * A real HTTP receiver on an ephemeral loopback port for webhook tests. `respond` decides each
 * answer's status from the request's 1-based number; "hang" keeps the connection open unanswered.
 */
export async function startWebhookReceiver(options: { respond?: (n: number) => number | "hang" } = {}) {
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<() => void>();
  const state = { secret: "" };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signatureValid = verifySignature({
        secret: state.secret,
        timestamp: String(req.headers["x-stackport-timestamp"]),
        body,
        signature: String(req.headers["x-stackport-signature"]),
      });
      received.push({ headers: req.headers, body, json: JSON.parse(body), signatureValid });
      const answer = options.respond?.(received.length) ?? 204;
      if (answer === "hang") {
        const end = () => res.destroy();
        hanging.add(end);
        res.on("close", () => hanging.delete(end));
        return;
      }
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer < 300 ? "ok" : "not today");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/stackport`,
    received,
    /** Requests answered with "hang" and still open. */
    get open() {
      return hanging.size;
    },
    set secret(value: string) {
      state.secret = value;
    },
    async close() {
      for (const end of hanging) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL nothing listens on (a port that was just free). */
export async function deadEndpointUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/gone`;
}
