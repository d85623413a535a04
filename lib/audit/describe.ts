import type { AuditAction } from "./actions";

// Each change-log entry as one sentence a person reads: "Erin Nakamura approved the onboarding of
// Bondi Surf Co (1 of 2 approvals)", not `request.approve` next to an entity id. Pure: the names
// come in a NameBook that lib/audit/names.ts fills with one query per table for a whole page.
// SENTENCES is a Record over AUDIT_ACTIONS, so a new action without a sentence does not compile.

/** The stored fields a sentence is made from. */
export interface DescribableEntry {
  action: string;
  actorId: string | null;
  actorLabel: string;
  entityType: string;
  entityId: string | null;
  clientId: string | null;
  before: string | null;
  after: string | null;
}

export interface RequestFacts {
  kind: string;
  fromSizeId: string | null;
  toSizeId: string | null;
}

/** Display names by id, for the entries of one page. */
export interface NameBook {
  users: Record<string, string>;
  clients: Record<string, string>;
  requests: Record<string, RequestFacts>;
}

export const emptyNameBook = (): NameBook => ({ users: {}, clients: {}, requests: {} });

/** The ids whose names a page of entries needs (what names.ts looks up). */
export function namesNeeded(entries: readonly DescribableEntry[]): { userIds: string[]; clientIds: string[]; requestIds: string[] } {
  const users = new Set<string>();
  const clients = new Set<string>();
  const requests = new Set<string>();
  for (const e of entries) {
    if (e.actorId) users.add(e.actorId);
    if (e.clientId) clients.add(e.clientId);
    if (e.entityId && e.entityType === "User") users.add(e.entityId);
    if (e.entityId && e.entityType === "ChangeRequest") requests.add(e.entityId);
    if (e.action === "api_token.create" || e.action === "api_token.revoke") {
      const owner = doc(e.after).ownerId;
      if (typeof owner === "string") users.add(owner);
    }
  }
  return { userIds: [...users], clientIds: [...clients], requestIds: [...requests] };
}

type Doc = Record<string, unknown>;

function doc(stored: string | null): Doc {
  if (stored === null) return {};
  try {
    const value: unknown = JSON.parse(stored);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Doc) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/** The portal's own actors (executor, tracker, scheduler, …) are all Stackport to a reader. */
const SYSTEM_ACTORS: Record<string, string> = {
  executor: "Stackport",
  tracker: "Stackport",
  scheduler: "Stackport",
  system: "Stackport",
  "drift schedule": "Stackport",
  rollout: "Stackport",
  seed: "The demo seed",
  "identity provider": "The identity provider",
};

const SSO_FAILURES: Record<string, string> = {
  "no-email": "the identity provider sent no email",
  "unverified-email": "the identity provider has not verified the email",
  "subject-changed": "a different identity-provider account uses this email",
  unmapped: "no group of theirs maps to a role",
  disabled: "the account is disabled",
};

const OPERATION_VERBS: Record<string, string> = {
  CREATE: "create",
  UPDATE: "update",
  DELETE: "delete",
  CONTINUE_ROLLBACK: "continue the rollback of",
  RECREATE: "recreate",
};

/** "UTC" time as the change log stores it, to the minute. */
const when = (iso: unknown): string =>
  typeof iso === "string" && iso.length >= 16 ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "an unknown time";
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const quoted = (value: unknown) => (text(value) ? ` “${text(value)}”` : "");
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What a sentence can say about one entry, with its names resolved. */
interface Context {
  entry: DescribableEntry;
  before: Doc;
  after: Doc;
  /** Who acted: the account's name, "Stackport" for the portal's own work, else the stored label. */
  who: string;
  /** The account an entry about a user is about. */
  subject: string;
  client: string;
  /** The change request, as a noun phrase: "the onboarding of Bondi Surf Co". */
  request: string;
  reason: (value: unknown) => string;
  /** " for Sam Lee" when a token is someone else's. */
  tokenOwner: string;
}

function requestPhrase(facts: RequestFacts | undefined, client: string): string {
  if (!facts) return `a change request for ${client}`;
  const sizes = facts.fromSizeId && facts.toSizeId ? ` from ${facts.fromSizeId} to ${facts.toSizeId}` : "";
  switch (facts.kind) {
    case "CREATE":
      return `the onboarding of ${client}`;
    case "RESIZE":
      return `the resize of ${client}${sizes}`;
    case "UPDATE":
      return `the update of ${client}`;
    case "REAPPLY":
      return `the re-apply of a revision to ${client}`;
    case "DECOMMISSION":
      return `the decommissioning of ${client}`;
    case "RECOVER":
      return `the recovery of ${client}'s stuck rollback`;
    case "RECREATE":
      return `the delete and recreate of ${client}`;
    default:
      return `a change request for ${client}`;
  }
}

/** "asked to resize Bondi Surf Co from small to large": what a request.create asks, from its own entry. */
function askedTo(after: Doc, client: string): string {
  const from = text(after.fromSizeId);
  const to = text(after.toSizeId);
  switch (after.kind) {
    case "CREATE":
      return `to onboard ${client}${to ? ` (${to})` : ""}`;
    case "RESIZE":
      return `to resize ${client}${from && to ? ` from ${from} to ${to}` : ""}`;
    case "UPDATE":
      return `to update ${client}`;
    case "REAPPLY":
      return `to re-apply a revision to ${client}`;
    case "DECOMMISSION":
      return `to decommission ${client}`;
    case "RECOVER":
      return `to recover ${client}'s stuck rollback`;
    case "RECREATE":
      return `to delete and recreate ${client}`;
    default:
      return `for a change to ${client}`;
  }
}

const role = (value: unknown) => text(value) ?? "an unknown role";

function approvalsNote(after: Doc): string {
  const got = num(after.approvals);
  const needed = num(after.required);
  return got !== null && needed !== null ? ` (${got} of ${plural(needed, "approval")})` : "";
}

const SENTENCES: Record<AuditAction, (c: Context) => string> = {
  "user.signin": (c) => `${c.who} signed in${c.after.method === "sso" ? " with single sign-on" : ""}`,
  "user.signin_failed": (c) => {
    const reason = text(c.after.reason);
    const why = reason ? (SSO_FAILURES[reason] ?? reason) : null;
    return `A sign-in as ${c.entry.actorLabel}${c.after.method === "sso" ? " with single sign-on" : ""} failed${why ? ` (${why})` : ""}`;
  },
  "user.signout": (c) => `${c.who} signed out`,
  "user.create": (c) =>
    `${c.who} created ${c.subject}'s account as ${role(c.after.role)}${c.after.method === "sso" ? " through single sign-on" : ""}${
      c.after.needsConfirmation ? ", waiting for a second administrator to confirm it" : ""
    }`,
  "user.role_change": (c) =>
    `${c.who} changed ${c.subject}'s role from ${role(c.before.role)} to ${role(c.after.role)}${
      c.after.needsConfirmation ? ", waiting for a second administrator to confirm it" : ""
    }`,
  "user.sso_linked": (c) => `${c.who} linked ${c.subject}'s account to single sign-on (password sign-in ended)`,
  "user.role_confirm": (c) => `${c.who} confirmed ${c.subject}'s ${role(c.after.role)} grant`,
  "user.role_effective": (c) => {
    const hours = num(c.after.coolingOffHours);
    return `${c.subject}'s ${role(c.after.role)} grant took effect after the ${hours === null ? "" : `${hours}-hour `}cooling-off`;
  },
  "user.disable": (c) => `${c.who} disabled ${c.subject}'s account`,
  "user.enable": (c) => `${c.who} enabled ${c.subject}'s account`,
  "user.sessions_end": (c) => `${c.who} ended every session of ${c.subject}`,

  "client.create": (c) => {
    const facts = [text(c.after.sizeId), text(c.after.environment), text(c.after.region)].filter(Boolean).join(", ");
    return `${c.who} added the client ${c.client}${facts ? ` (${facts})` : ""}`;
  },
  "client.resubmit": (c) =>
    `${c.who} submitted ${c.client} for onboarding again${text(c.after.sizeId) ? ` (${text(c.after.sizeId)})` : ""}`,
  "request.create": (c) => `${c.who} asked ${askedTo(c.after, c.client)}${c.reason(c.after.reason)}`,
  "request.rerender": (c) => {
    const voided = num(c.after.approvalsVoided) ?? 0;
    return `${c.who} re-rendered ${c.request} against the client's current revision${voided ? ` (${plural(voided, "approval")} voided)` : ""}`;
  },
  "request.changeset": (c) => {
    const changes = num(c.after.changes);
    return `${c.who} prepared the change set for ${c.request}${changes === null ? "" : ` (${plural(changes, "resource change")})`}`;
  },
  "request.approve": (c) =>
    `${c.who} approved ${c.request}${approvalsNote(c.after)}${text(c.after.rollout) ? " through a fleet rollout" : ""}`,
  "request.reject": (c) => `${c.who} rejected ${c.request}${c.reason(c.after.reason)}`,
  "request.cancel": (c) => `${c.who} cancelled ${c.request}`,
  "request.back_to_review": (c) => `${c.who} sent ${c.request} back to review${c.reason(c.after.reason)}`,
  "request.execute": (c) => `${c.who} started ${c.request}`,
  "request.succeed": (c) => `${upperFirst(c.request)} succeeded`,
  "request.fail": (c) => `${upperFirst(c.request)} failed${c.reason(c.after.reason)}`,
  "request.execute_refused": (c) => `${c.who} refused to start ${c.request}${c.reason(c.after.reason)}`,
  "revision.create": (c) => {
    const number = num(c.after.number);
    const facts = [text(c.after.sizeId), text(c.after.blueprintVersion) ? `blueprint ${text(c.after.blueprintVersion)}` : null]
      .filter(Boolean)
      .join(", ");
    return `${c.who} rendered ${number === null ? "a revision" : `revision ${number}`} of ${c.client}${facts ? ` (${facts})` : ""}`;
  },
  "request.schedule": (c) => `${c.who} scheduled ${c.request} for the maintenance window at ${when(c.after.scheduledFor)}`,
  "request.reschedule": (c) =>
    `${c.who} moved ${c.request} to the next maintenance window, at ${when(c.after.scheduledFor)} (the one at ${when(c.before.scheduledFor)} had passed)`,
  "request.run_now": (c) => `${c.who} chose to run ${c.request} now, outside the maintenance window`,
  "client.maintenance_window": (c) => {
    const minutes = num(c.after.durationMinutes);
    const day = text(c.after.day);
    return `${c.who} set ${c.client}'s maintenance window to ${day ? `${upperFirst(day)}s` : "an unknown day"} at ${text(c.after.start) ?? "?"}${
      minutes === null ? "" : ` for ${plural(minutes, "minute")}`
    }${text(c.after.timeZone) ? ` (${text(c.after.timeZone)})` : ""}`;
  },

  "stack.operation_started": (c) =>
    `${c.who} asked CloudFormation to ${OPERATION_VERBS[text(c.after.kind) ?? ""] ?? "change"} ${c.client}'s stack`,
  "stack.status": (c) => `${c.client}'s stack reached ${text(c.after.status) ?? "an unknown status"}${c.reason(c.after.reason)}`,
  "stack.policy_override": (c) => {
    const guarded = Array.isArray(c.after.allowReplaceOf) ? c.after.allowReplaceOf.filter((r) => typeof r === "string") : [];
    return `${c.who} allowed ${guarded.length ? guarded.join(", ") : "protected resources"} to be replaced in ${c.client}'s stack, for ${c.request}`;
  },
  "stack.policy_restored": (c) => {
    const protects = Array.isArray(c.after.protects) ? c.after.protects.filter((r) => typeof r === "string") : [];
    return `${c.who} protected ${protects.length ? protects.join(", ") : "the stack's data"} in ${c.client}'s stack again, after ${c.request}`;
  },
  "stack.termination_protection_lifted": (c) => `${c.who} lifted termination protection on ${c.client}'s stack, for ${c.request}`,
  "stack.recreate_started": (c) => `${c.client}'s failed stack was deleted, and ${c.who} started creating it again`,
  "stack.drift": (c) => `${c.who} checked ${c.client}'s stack for drift: ${text(c.after.driftStatus) ?? "no result"}`,

  "webhook.create": (c) => `${c.who} added a webhook endpoint at ${text(c.after.origin) ?? "an unknown address"}`,
  "webhook.enable": (c) => `${c.who} enabled the webhook endpoint at ${text(c.after.origin) ?? "an unknown address"}`,
  "webhook.disable": (c) => `${c.who} disabled the webhook endpoint at ${text(c.after.origin) ?? "an unknown address"}`,
  "webhook.delete": (c) => `${c.who} deleted the webhook endpoint at ${text(c.before.origin) ?? "an unknown address"}`,
  "webhook.rotate_secret": (c) => `${c.who} rotated the secret of the webhook endpoint at ${text(c.after.origin) ?? "an unknown address"}`,
  "webhook.ping": (c) => `${c.who} sent a test ping to the webhook endpoint at ${text(c.after.origin) ?? "an unknown address"}`,
  "webhook.retry": (c) => `${c.who} retried a failed webhook delivery${text(c.after.event) ? ` of ${text(c.after.event)}` : ""}`,

  "service_account.create": (c) =>
    `${c.who} created the service account ${text(c.after.name) ?? text(c.after.email) ?? "(unnamed)"} as ${role(c.after.role)}`,
  "api_token.create": (c) => `${c.who} created the API token${quoted(c.after.name)}${c.tokenOwner}`,
  "api_token.revoke": (c) => `${c.who} revoked the API token${quoted(c.after.name)}${c.tokenOwner}`,

  "rollout.create": (c) => {
    const matching = num(c.after.matching);
    return `${c.who} prepared a rollout of ${text(c.after.blueprintId) ?? "a blueprint"} ${text(c.after.toVersion) ?? ""}${
      matching === null ? "" : ` to ${plural(matching, "matching client")}`
    }${c.reason(c.after.reason)}`;
  },
  "rollout.prepared": (c) => {
    const targets = num(c.after.targets) ?? 0;
    const excluded = num(c.after.excluded) ?? 0;
    const waves = Array.isArray(c.after.waves) ? c.after.waves.length : 0;
    return `${c.who} prepared the rollout for review: ${plural(targets, "client")} in ${plural(waves, "wave")}${
      excluded ? `, ${excluded} not included` : ""
    }${text(c.after.groups) ? ` (${text(c.after.groups)})` : ""}`;
  },
  "rollout.plan": (c) => {
    const waves = Array.isArray(c.after.waves) ? c.after.waves.filter((n) => typeof n === "number") : [];
    return `${c.who} changed the rollout's waves to ${waves.length ? waves.join(" → ") : "a new plan"} clients`;
  },
  "rollout.approve": (c) => `${c.who} approved the rollout's manifest${approvalsNote(c.after)}`,
  "rollout.release": (c) => {
    const wave = num(c.after.wave);
    return `${c.who} released ${c.client}'s update${wave === null ? "" : ` in wave ${wave + 1}`} of the rollout`;
  },
  "rollout.halt": (c) => `${c.who} halted the rollout${c.reason(c.after.reason)}`,
  "rollout.rollback": (c) => {
    const alarms = Array.isArray(c.after.alarms) ? c.after.alarms.filter((a) => typeof a === "string") : [];
    return `${c.who} asked CloudFormation to roll back ${c.client}'s update: ${
      alarms.length === 1 ? `its alarm ${alarms[0]}` : alarms.length ? `its alarms ${alarms.join(", ")}` : "its alarm"
    } went to ALARM while the update ran`;
  },
  "rollout.pause": (c) => `${c.who} paused the rollout${c.reason(c.after.reason)}`,
  "rollout.resume": (c) => `${c.who} resumed the rollout${c.reason(c.after.reason)}`,
  "rollout.abort": (c) => `${c.who} aborted the rollout${c.reason(c.after.reason)}`,
  "rollout.skip": (c) => `${c.who} skipped ${c.client} in the rollout${c.reason(c.after.reason)}`,
  "rollout.retry": (c) => `${c.who} retried ${c.client} in the rollout`,
  "rollout.finish": (c) => {
    const skipped = num(c.after.skipped) ?? 0;
    return `The rollout finished: ${plural(num(c.after.updated) ?? 0, "client")} updated${skipped ? `, ${skipped} skipped` : ""}`;
  },
};

/** The entry as one sentence (no final full stop). An action the portal does not know reads as its code. */
export function describeEntry(entry: DescribableEntry, names: NameBook): string {
  const before = doc(entry.before);
  const after = doc(entry.after);
  const who = (entry.actorId && names.users[entry.actorId]) || SYSTEM_ACTORS[entry.actorLabel] || entry.actorLabel;
  const client = entry.clientId ? (names.clients[entry.clientId] ?? `the client ${entry.clientId}`) : "a client";
  const subject =
    (entry.entityType === "User" && entry.entityId && names.users[entry.entityId]) ||
    text(after.name) ||
    text(after.email) ||
    (entry.entityType === "User" && entry.entityId ? `the user ${entry.entityId}` : "a user");
  const request = requestPhrase(
    entry.entityType === "ChangeRequest" && entry.entityId ? names.requests[entry.entityId] : undefined,
    client,
  );
  const owner = text(after.ownerId);
  const context: Context = {
    entry,
    before,
    after,
    who,
    subject,
    client,
    request,
    reason: (value: unknown) => (text(value) ? `: ${text(value)}` : ""),
    tokenOwner: owner && owner !== entry.actorId ? ` for ${names.users[owner] ?? `the user ${owner}`}` : "",
  };
  const sentence = (SENTENCES as Record<string, ((c: Context) => string) | undefined>)[entry.action];
  return sentence ? sentence(context) : `${who}: ${entry.action}`;
}
