// A minimal STS beside the CloudFormation API: AssumeRole and GetCallerIdentity (Query protocol,
// version 2011-06-15; the portal's connection check shows the caller identity), and who signed each request. The sandbox has no IAM: any well-formed role
// can be assumed. An assumed-role session token describes itself (role, session, expiry), so
// sessions need no state and survive a sandbox restart; requests signed with an expired one are
// refused with ExpiredToken, as AWS does. Requests signed with static keys are the default
// account's; secrets and signatures are not checked.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { ACCOUNT_ID } from "./engine/instance";
import { ApiError, validationError } from "./errors";
import type { QueryParams } from "./http";

export const STS_VERSION = "2011-06-15";
export const STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

export interface Caller {
  accessKeyId: string;
  /** The identity's ARN: `arn:aws:sts::<account>:assumed-role/<role>/<session>` for a session. */
  arn: string;
  accountId: string;
  userId: string;
}

const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const TOKEN_PREFIX = "sandbox-session.";

interface Session {
  /** access key id, role ARN, session name, expiry (ms since the epoch) */
  k: string;
  r: string;
  s: string;
  e: number;
}

const roleId = (roleArn: string) => `AROA${createHash("sha256").update(roleArn).digest("hex").slice(0, 17).toUpperCase()}`;

function decodeSession(token: string): Session | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const s = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString()) as Partial<Session>;
    return typeof s.k === "string" && typeof s.r === "string" && typeof s.s === "string" && typeof s.e === "number" && ROLE_ARN.test(s.r)
      ? (s as Session)
      : undefined;
  } catch {
    return undefined;
  }
}

const invalidToken = () => new ApiError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);

/** Who signed the request, from its SigV4 Authorization header and session token. */
export function callerFrom(headers: IncomingHttpHeaders): Caller {
  const accessKeyId = headers.authorization?.match(/Credential=([^/,\s]+)\//)?.[1] ?? "anonymous";
  const token = headers["x-amz-security-token"];
  if (typeof token !== "string" || !token) {
    return { accessKeyId, arn: `arn:aws:iam::${ACCOUNT_ID}:user/sandbox`, accountId: ACCOUNT_ID, userId: "AIDASANDBOXUSER" };
  }
  const session = decodeSession(token);
  if (!session || session.k !== accessKeyId) throw invalidToken();
  if (session.e <= Date.now()) throw new ApiError("ExpiredToken", "The security token included in the request is expired", 400);
  const [, account, roleName] = ROLE_ARN.exec(session.r)!;
  return {
    accessKeyId,
    accountId: account,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session.s}`,
    userId: `${roleId(session.r)}:${session.s}`,
  };
}

const constraint = (value: string, field: string, rule: string) =>
  validationError(`1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`);

function assumeRole(p: QueryParams): Record<string, unknown> {
  const roleArn = p.req("RoleArn");
  const sessionName = p.req("RoleSessionName");
  const role = ROLE_ARN.exec(roleArn);
  if (!role) throw constraint(roleArn, "roleArn", "Member must be the ARN of an IAM role");
  if (!SESSION_NAME.test(sessionName))
    throw constraint(sessionName, "roleSessionName", "Member must satisfy regular expression pattern: [\\w+=,.@-]{2,64}");
  const duration = p.int("DurationSeconds") ?? 3600;
  if (!(duration >= 900 && duration <= 43_200))
    throw constraint(String(duration), "durationSeconds", "Member must have value between 900 and 43200");
  const externalId = p.str("ExternalId");
  if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId))
    throw constraint(externalId, "externalId", "Member must satisfy regular expression pattern: [\\w+=,.@:/-]{2,1224}");
  // Whole seconds, as AWS reports them.
  const expiration = new Date(Math.floor(Date.now() / 1000 + duration) * 1000);
  const accessKeyId = `ASIA${randomBytes(12)
    .toString("base64url")
    .replace(/[^A-Za-z0-9]/g, "X")
    .toUpperCase()
    .slice(0, 16)}`;
  const session: Session = { k: accessKeyId, r: roleArn, s: sessionName, e: expiration.getTime() };
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: randomBytes(30).toString("base64"),
      SessionToken: TOKEN_PREFIX + Buffer.from(JSON.stringify(session)).toString("base64url"),
      Expiration: expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: `${roleId(roleArn)}:${sessionName}`,
      Arn: `arn:aws:sts::${role[1]}:assumed-role/${role[2]}/${sessionName}`,
    },
  };
}

/** Answers an STS action for an already identified caller. */
export function handleSts(action: string, p: QueryParams, caller: Caller): Record<string, unknown> {
  if (action === "AssumeRole") return assumeRole(p);
  if (action === "GetCallerIdentity") return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn };
  throw new ApiError("InvalidAction", `Could not find operation ${action} for version ${STS_VERSION}`);
}
