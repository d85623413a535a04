// Stack policies: which update actions (Update:Modify, Update:Replace, Update:Delete) are allowed on
// which logical resources. Once a stack has a policy, everything not explicitly allowed is denied,
// and an explicit Deny wins over any Allow.
import { TemplateError } from "../errors";

export type UpdateAction = "Update:Modify" | "Update:Replace" | "Update:Delete";

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(value);
}

function matches(s: Statement, action: UpdateAction, logicalId: string, resourceType: string): boolean {
  const resource = `LogicalResourceId/${logicalId}`;
  const actionOk =
    s.NotAction !== undefined ? !list(s.NotAction).some((a) => wildcard(a, action)) : list(s.Action).some((a) => wildcard(a, action));
  const resourceOk =
    s.NotResource !== undefined
      ? !list(s.NotResource).some((r) => wildcard(r, resource))
      : list(s.Resource).some((r) => wildcard(r, resource));
  if (!actionOk || !resourceOk) return false;
  for (const [op, cond] of Object.entries(s.Condition ?? {})) {
    const types = list(cond.ResourceType);
    if (!types.length) continue;
    const ok = op === "StringEquals" ? types.includes(resourceType) : types.some((t) => wildcard(t, resourceType));
    if (!ok) return false;
  }
  return true;
}

/** undefined when allowed; otherwise the reason CloudFormation gives for the resource's UPDATE_FAILED. */
export function policyDenial(
  policyBody: string | undefined,
  action: UpdateAction,
  logicalId: string,
  resourceType: string,
): string | undefined {
  if (!policyBody) return undefined;
  let statements: Statement[];
  try {
    const st = (JSON.parse(policyBody) as { Statement?: Statement | Statement[] }).Statement;
    statements = st === undefined ? [] : Array.isArray(st) ? st : [st];
  } catch {
    return undefined;
  }
  let allowed = false;
  for (const [i, s] of statements.entries()) {
    if (!matches(s, action, logicalId, resourceType)) continue;
    if (s.Effect === "Deny") return `Action denied by stack policy: Statement [#${i}] has a Deny Effect`;
    if (s.Effect === "Allow") allowed = true;
  }
  return allowed ? undefined : "Action denied by stack policy: Action not allowed by any Allow statement";
}

/** Parses a policy body, throwing the ValidationError text for malformed JSON. */
export function checkPolicyBody(body: string): void {
  try {
    const p = JSON.parse(body) as { Statement?: unknown };
    if (!p || typeof p !== "object" || p.Statement === undefined) throw new Error();
  } catch {
    throw new TemplateError("Error validating stack policy: Invalid stack policy");
  }
}
