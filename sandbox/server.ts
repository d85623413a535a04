// HTTP front: CloudFormation's Query protocol on POST / (and GET with a query string), the control
// API under /_sandbox/. Builds the store, engine and workers, and resumes interrupted operations.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { changeSetActions } from "./api/changesets";
import type { ApiContext, Handler, SandboxConfig } from "./api/context";
import { describeActions } from "./api/describe";
import { driftActions } from "./api/drift";
import { exportActions } from "./api/exports";
import { stackActions } from "./api/stacks";
import { ChangeSetWorker } from "./changesets";
import {
  CLOUDWATCH_VERSION,
  CLOUDWATCH_XMLNS,
  cloudWatchError,
  cloudWatchRequest,
  handleCloudWatch,
  type CwAnswer,
  type CwRequest,
} from "./cloudwatch/protocols";
import { handleControl } from "./control";
import { DriftWorker } from "./drift";
import { Engine } from "./engine/engine";
import { ApiError, TemplateError, internalFailure } from "./errors";
import { Faults } from "./faults";
import { MAX_BODY_BYTES, refusal } from "./guard";
import { QueryParams, errorXml, regionFromAuthorization, resultXml } from "./http";
import { Stats } from "./stats";
import { Store } from "./store";
import { STS_VERSION, STS_XMLNS, callerFrom, handleSts } from "./sts";

const ACTIONS: Record<string, Handler> = { ...stackActions, ...describeActions, ...changeSetActions, ...driftActions, ...exportActions };

export interface Sandbox {
  server: Server;
  ctx: ApiContext;
  resumed: number;
  shutdown(): Promise<void>;
}

class BodyTooLarge extends Error {}

/** The body (CBOR is binary), or BodyTooLarge as soon as it passes MAX_BODY_BYTES (nothing more is buffered). */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        req.removeAllListeners("data");
        reject(new BodyTooLarge());
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

// A refused request's sender is still writing its body. Answering at once and closing would reset
// the connection under it (the client sees EPIPE, never the answer); not reading would stall it.
// So the rest is read and discarded first, up to these bounds, then the answer goes out.
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;

/** Resolves once the rest of the request's body has been read and discarded (or the bounds above are passed). */
function drained(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.complete) return resolve();
    let discarded = 0;
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, DRAIN_TIMEOUT_MS);
    req.on("data", (c: Buffer) => {
      discarded += c.length;
      if (discarded > DRAIN_LIMIT_BYTES) done();
    });
    req.on("end", done);
    req.on("error", done);
    req.on("close", done);
    req.resume();
  });
}

/** A refusal before the request is read: JSON for the control API, Query-protocol XML otherwise. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string): void {
  const requestId = randomUUID();
  const control = req.url?.startsWith("/_sandbox/");
  const body = control ? JSON.stringify({ error: message, code }) : errorXml(new ApiError(code, message, status), requestId);
  res.writeHead(status, {
    "content-type": control ? "application/json" : "text/xml",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": requestId,
    connection: "close",
  });
  res.end(body);
}

function reply(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(xml), "x-amzn-requestid": requestId });
  res.end(xml);
}

function apiErrorOf(e: unknown, action: string): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof TemplateError) return new ApiError("ValidationError", e.message);
  console.error(`[sandbox] ${action} failed`, e);
  return internalFailure();
}

export function createSandbox(config: SandboxConfig, persistMs = 200): Sandbox {
  const store = new Store(config.stateFile, persistMs);
  const faults = new Faults(store);
  const engine = new Engine(store, faults, config.speed);
  const changeSets = new ChangeSetWorker(store, engine);
  const drift = new DriftWorker(store, engine);
  const stats = new Stats();
  const base: ApiContext = { store, engine, faults, changeSets, drift, config, region: config.defaultRegion };

  const handleQuery = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const started = performance.now();
    const requestId = randomUUID();
    const url = new URL(req.url ?? "/", "http://sandbox");
    const p = QueryParams.parse(req.method === "GET" ? url.search.slice(1) : body);
    const action = p.str("Action") ?? "(none)";
    // STS and CloudWatch's Query protocol share the port: their requests carry their API version.
    const version = p.str("Version");
    const xmlns = version === STS_VERSION ? STS_XMLNS : version === CLOUDWATCH_VERSION ? CLOUDWATCH_XMLNS : undefined;
    let status = 200;
    let xml: string;
    let code: string | undefined;
    try {
      const caller = callerFrom(req.headers);
      stats.recordCaller(caller.arn, action);
      const injected = faults.forRequest(action);
      if (injected) throw injected;
      if (xmlns === STS_XMLNS) xml = resultXml(action, handleSts(action, p, caller), requestId, xmlns);
      else if (xmlns === CLOUDWATCH_XMLNS) {
        const region = regionFromAuthorization(req.headers.authorization) ?? config.defaultRegion;
        const cw = { protocol: "query" as const, action };
        xml = handleCloudWatch(cw, Buffer.alloc(0), p, { accountId: caller.accountId, region }, engine.alarms, config.pageSize, requestId)
          .body as string;
      } else {
        const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
        if (!handler) throw new ApiError("InvalidAction", `Could not find operation ${action} for version 2010-05-15`);
        // Stacks belong to the caller's account, as in AWS: an assumed role in another account sees its own.
        const ctx = {
          ...base,
          region: regionFromAuthorization(req.headers.authorization) ?? config.defaultRegion,
          accountId: caller.accountId,
        };
        xml = resultXml(action, handler(p, ctx), requestId);
      }
    } catch (e) {
      const err = apiErrorOf(e, action);
      status = err.status;
      code = err.code;
      xml = errorXml(err, requestId, xmlns);
    }
    stats.record(action, performance.now() - started, code);
    const latency = faults.latencyFor(action, p.str("StackName"));
    if (latency) setTimeout(() => reply(res, status, xml, requestId), latency);
    else reply(res, status, xml, requestId);
  };

  /** CloudWatch in AWS JSON 1.0 or Smithy RPC v2 CBOR (its Query protocol goes through handleQuery). */
  const handleCloudWatchRpc = (req: IncomingMessage, res: ServerResponse, cw: CwRequest, body: Buffer) => {
    const started = performance.now();
    const requestId = randomUUID();
    let out: CwAnswer;
    let code: string | undefined;
    try {
      const caller = callerFrom(req.headers);
      stats.recordCaller(caller.arn, cw.action);
      const injected = faults.forRequest(cw.action);
      if (injected) throw injected;
      const region = regionFromAuthorization(req.headers.authorization) ?? config.defaultRegion;
      out = handleCloudWatch(cw, body, undefined, { accountId: caller.accountId, region }, engine.alarms, config.pageSize, requestId);
    } catch (e) {
      const err = apiErrorOf(e, cw.action);
      code = err.code;
      out = cloudWatchError(cw.protocol, err, requestId);
    }
    stats.record(cw.action, performance.now() - started, code);
    res.writeHead(out.status, { ...out.headers, "content-length": Buffer.byteLength(out.body) });
    res.end(out.body);
  };

  const server = createServer((req, res) => {
    const refused = refusal(req.headers);
    if (refused) return void drained(req).then(() => refuse(req, res, 403, "AccessDenied", refused));
    readBody(req)
      .then((body) => {
        if (req.url?.startsWith("/_sandbox/")) return handleControl(req, res, body.toString("utf-8"), base, stats);
        const cw = cloudWatchRequest(req.url ?? "/", req.headers);
        if (cw) return handleCloudWatchRpc(req, res, cw, body);
        handleQuery(req, res, body.toString("utf-8"));
      })
      .catch((e: unknown) => {
        if (e instanceof BodyTooLarge)
          return drained(req).then(() =>
            refuse(req, res, 413, "RequestEntityTooLarge", `Request bodies are limited to ${MAX_BODY_BYTES} bytes`),
          );
        console.error("[sandbox] request failed", e);
        if (!res.headersSent) reply(res, 500, errorXml(internalFailure(), randomUUID()), "");
      });
  });
  server.keepAliveTimeout = 30_000;

  const resumed = engine.resume();
  changeSets.resume();
  drift.resume();

  return {
    server,
    ctx: base,
    resumed,
    async shutdown() {
      engine.stopAll();
      changeSets.stopAll();
      drift.stopAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await store.flush();
    },
  };
}
