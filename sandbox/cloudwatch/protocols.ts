// The three wire formats CloudWatch clients send, over one implementation (api.ts):
//   AWS JSON 1.0   POST /, X-Amz-Target: GraniteServiceVersion20100801.<Op>    (@aws-sdk/client-cloudwatch 3.x, botocore, the AWS CLI)
//   Query          POST /, Action=<Op>&Version=2010-08-01, XML answers           (older clients)
//   RPC v2 CBOR    POST /service/GraniteServiceVersion20100801/operation/<Op>    (aws-sdk-go-v2, Terraform)
// JSON and CBOR are "query compatible": errors carry the Query code in x-amzn-query-error.
import type { IncomingHttpHeaders } from "node:http";
import { ApiError } from "../errors";
import { errorXml, resultXml, type QueryParams } from "../http";
import { CLOUDWATCH_ACTIONS, ERROR_SHAPES, QUERY_LISTS, type CwCaller, type CwInput } from "./api";
import type { Alarms } from "./alarms";
import { decodeCbor, encodeCbor } from "./cbor";

export const CLOUDWATCH_VERSION = "2010-08-01";
export const CLOUDWATCH_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
const TARGET_PREFIX = "GraniteServiceVersion20100801.";
const CBOR_PATH = /^\/service\/GraniteServiceVersion20100801\/operation\/([A-Za-z]+)$/;

export type CwProtocol = "json" | "cbor" | "query";

export interface CwRequest {
  protocol: CwProtocol;
  action: string;
}

/** Whether (and how) a request is a CloudWatch call; Query ones are told apart by their Version. */
export function cloudWatchRequest(url: string, headers: IncomingHttpHeaders): CwRequest | undefined {
  const target = headers["x-amz-target"];
  if (typeof target === "string" && target.startsWith(TARGET_PREFIX))
    return { protocol: "json", action: target.slice(TARGET_PREFIX.length) };
  const m = CBOR_PATH.exec(url.split("?")[0]);
  if (m) return { protocol: "cbor", action: m[1] };
  return undefined;
}

export interface CwAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** Undefined members dropped, Dates as the protocol wants them (JSON: epoch seconds; CBOR: tag 1, see cbor.ts). */
function plain(v: unknown, dates: "seconds" | "date"): unknown {
  if (v instanceof Date) return dates === "seconds" ? v.getTime() / 1000 : v;
  if (Array.isArray(v)) return v.map((x) => plain(x, dates));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = plain(x, dates);
    return out;
  }
  return v;
}

function parseInput(req: CwRequest, body: Buffer, query?: QueryParams): CwInput {
  if (req.protocol === "query") {
    const input: CwInput = {};
    for (const [k, v] of Object.entries(query!.raw)) if (!k.includes(".") && k !== "Action" && k !== "Version") input[k] = v;
    for (const name of QUERY_LISTS[req.action] ?? []) if (query!.list(name).length) input[name] = query!.list(name);
    return input;
  }
  if (!body.length) return {};
  try {
    const v: unknown = req.protocol === "json" ? JSON.parse(body.toString("utf-8")) : decodeCbor(body);
    if (v && typeof v === "object" && !Array.isArray(v)) return v as CwInput;
  } catch {
    // fall through
  }
  throw new ApiError("SerializationException", "The request body could not be read.");
}

export function handleCloudWatch(
  req: CwRequest,
  body: Buffer,
  query: QueryParams | undefined,
  caller: CwCaller,
  alarms: Alarms,
  pageSize: number,
  requestId: string,
): CwAnswer {
  const handler = Object.hasOwn(CLOUDWATCH_ACTIONS, req.action) ? CLOUDWATCH_ACTIONS[req.action] : undefined;
  if (!handler)
    throw new ApiError(
      req.protocol === "query" ? "InvalidAction" : "UnknownOperationException",
      `Could not find operation ${req.action} for version ${CLOUDWATCH_VERSION}`,
    );
  const result = handler(parseInput(req, body, query), caller, alarms, pageSize);
  return answer(req.protocol, req.action, result, requestId);
}

function answer(protocol: CwProtocol, action: string, result: Record<string, unknown>, requestId: string): CwAnswer {
  const base = { "x-amzn-requestid": requestId };
  if (protocol === "query")
    return { status: 200, headers: { ...base, "content-type": "text/xml" }, body: resultXml(action, result, requestId, CLOUDWATCH_XMLNS) };
  if (protocol === "json")
    return {
      status: 200,
      headers: { ...base, "content-type": "application/x-amz-json-1.0" },
      body: JSON.stringify(plain(result, "seconds")),
    };
  return {
    status: 200,
    headers: { ...base, "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" },
    body: Buffer.from(encodeCbor(plain(result, "date"))),
  };
}

export function cloudWatchError(protocol: CwProtocol, err: ApiError, requestId: string): CwAnswer {
  const base = { "x-amzn-requestid": requestId, "x-amzn-query-error": `${err.code};${err.type}` };
  if (protocol === "query")
    return {
      status: err.status,
      headers: { "x-amzn-requestid": requestId, "content-type": "text/xml" },
      body: errorXml(err, requestId, CLOUDWATCH_XMLNS),
    };
  const shape = { __type: `com.amazonaws.cloudwatch#${ERROR_SHAPES[err.code] ?? err.code}`, message: err.message };
  if (protocol === "json")
    return { status: err.status, headers: { ...base, "content-type": "application/x-amz-json-1.0" }, body: JSON.stringify(shape) };
  return {
    status: err.status,
    headers: { ...base, "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" },
    body: Buffer.from(encodeCbor(shape)),
  };
}
