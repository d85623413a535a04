import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, type AuditAction } from "./actions";
import { describeEntry, emptyNameBook, namesNeeded, type DescribableEntry, type NameBook } from "./describe";

const names: NameBook = {
  users: { erin: "Erin Nakamura", ana: "Ana Ruiz", sam: "Sam Lee", admin: "Priya Shah" },
  clients: { bondi: "Bondi Surf Co" },
  requests: {
    onboard: { kind: "CREATE", fromSizeId: null, toSizeId: "small" },
    resize: { kind: "RESIZE", fromSizeId: "small", toSizeId: "large" },
    update: { kind: "UPDATE", fromSizeId: null, toSizeId: null },
    decommission: { kind: "DECOMMISSION", fromSizeId: null, toSizeId: null },
  },
};

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** An entry as the writers store it (lib/**: appendAudit calls). */
function entry(
  action: string,
  fields: { actor?: string; label?: string; entity?: [string, string | null]; client?: string; before?: unknown; after?: unknown } = {},
): DescribableEntry {
  return {
    action,
    actorId: fields.actor ?? null,
    actorLabel: fields.label ?? (fields.actor ? `${fields.actor}@example.com` : "executor"),
    entityType: fields.entity?.[0] ?? "ChangeRequest",
    entityId: fields.entity?.[1] ?? null,
    clientId: fields.client ?? null,
    before: json(fields.before),
    after: json(fields.after),
  };
}

const request = (id: string) => ({ entity: ["ChangeRequest", id] as [string, string], client: "bondi" });
const user = (id: string) => ({ entity: ["User", id] as [string, string] });
const webhook = { entity: ["WebhookEndpoint", "w1"] as [string, string] };

// One row per action: a Record, so a new action in AUDIT_ACTIONS without its sentence here does not compile.
const CASES: Record<AuditAction, [DescribableEntry, string]> = {
  "user.signin": [entry("user.signin", { actor: "sam", ...user("sam"), after: { method: "password" } }), "Sam Lee signed in"],
  "user.signin_failed": [
    entry("user.signin_failed", { label: "mallory@example.com", ...user("sam"), after: { method: "sso", reason: "subject-changed" } }),
    "A sign-in as mallory@example.com with single sign-on failed (a different identity-provider account uses this email)",
  ],
  "user.signout": [entry("user.signout", { actor: "sam", ...user("sam") }), "Sam Lee signed out"],
  "user.create": [
    entry("user.create", { actor: "admin", ...user("sam"), after: { role: "ENGINEER", method: "password", needsConfirmation: true } }),
    "Priya Shah created Sam Lee's account as ENGINEER, waiting for a second administrator to confirm it",
  ],
  "user.role_change": [
    entry("user.role_change", { label: "identity provider", ...user("sam"), before: { role: "AUDITOR" }, after: { role: "ENGINEER" } }),
    "The identity provider changed Sam Lee's role from AUDITOR to ENGINEER",
  ],
  "user.sso_linked": [
    entry("user.sso_linked", { label: "identity provider", ...user("sam"), after: { email: "sam@example.com", subject: "s1" } }),
    "The identity provider linked Sam Lee's account to single sign-on (password sign-in ended)",
  ],
  "user.role_confirm": [
    entry("user.role_confirm", { actor: "erin", ...user("sam"), after: { role: "ENGINEER", confirmedById: "erin" } }),
    "Erin Nakamura confirmed Sam Lee's ENGINEER grant",
  ],
  "user.role_effective": [
    entry("user.role_effective", { label: "system", ...user("sam"), after: { role: "ENGINEER", coolingOffHours: 24 } }),
    "Sam Lee's ENGINEER grant took effect after the 24-hour cooling-off",
  ],
  "user.disable": [entry("user.disable", { actor: "admin", ...user("sam") }), "Priya Shah disabled Sam Lee's account"],
  "user.enable": [entry("user.enable", { actor: "admin", ...user("sam") }), "Priya Shah enabled Sam Lee's account"],
  "user.sessions_end": [entry("user.sessions_end", { actor: "admin", ...user("sam") }), "Priya Shah ended every session of Sam Lee"],

  "client.create": [
    entry("client.create", {
      actor: "ana",
      entity: ["Client", "bondi"],
      client: "bondi",
      after: { sizeId: "small", environment: "production", region: "ap-southeast-2" },
    }),
    "Ana Ruiz added the client Bondi Surf Co (small, production, ap-southeast-2)",
  ],
  "client.resubmit": [
    entry("client.resubmit", { actor: "ana", entity: ["Client", "bondi"], client: "bondi", after: { sizeId: "medium" } }),
    "Ana Ruiz submitted Bondi Surf Co for onboarding again (medium)",
  ],
  "request.create": [
    entry("request.create", { actor: "ana", ...request("resize"), after: { kind: "RESIZE", fromSizeId: "small", toSizeId: "large" } }),
    "Ana Ruiz asked to resize Bondi Surf Co from small to large",
  ],
  "request.rerender": [
    entry("request.rerender", { actor: "ana", ...request("resize"), after: { approvalsVoided: 1 } }),
    "Ana Ruiz re-rendered the resize of Bondi Surf Co from small to large against the client's current revision (1 approval voided)",
  ],
  "request.changeset": [
    entry("request.changeset", { ...request("update"), after: { changes: 3 } }),
    "Stackport prepared the change set for the update of Bondi Surf Co (3 resource changes)",
  ],
  "request.approve": [
    entry("request.approve", { actor: "erin", ...request("onboard"), after: { state: "PENDING", approvals: 1, required: 2 } }),
    "Erin Nakamura approved the onboarding of Bondi Surf Co (1 of 2 approvals)",
  ],
  "request.reject": [
    entry("request.reject", { actor: "erin", ...request("resize"), after: { reason: "Too big for staging" } }),
    "Erin Nakamura rejected the resize of Bondi Surf Co from small to large: Too big for staging",
  ],
  "request.cancel": [entry("request.cancel", { actor: "ana", ...request("update") }), "Ana Ruiz cancelled the update of Bondi Surf Co"],
  "request.back_to_review": [
    entry("request.back_to_review", { ...request("update"), after: { reason: "The change set is gone" } }),
    "Stackport sent the update of Bondi Surf Co back to review: The change set is gone",
  ],
  "request.execute": [entry("request.execute", { ...request("update") }), "Stackport started the update of Bondi Surf Co"],
  "request.succeed": [entry("request.succeed", { label: "tracker", ...request("onboard") }), "The onboarding of Bondi Surf Co succeeded"],
  "request.fail": [
    entry("request.fail", { label: "tracker", ...request("decommission"), after: { reason: "Stack is protected" } }),
    "The decommissioning of Bondi Surf Co failed: Stack is protected",
  ],
  "request.execute_refused": [
    entry("request.execute_refused", { ...request("onboard"), after: { reason: "It has no approvals, but 1 is needed" } }),
    "Stackport refused to start the onboarding of Bondi Surf Co: It has no approvals, but 1 is needed",
  ],
  "revision.create": [
    entry("revision.create", {
      actor: "ana",
      entity: ["TemplateRevision", "rev1"],
      client: "bondi",
      after: { number: 2, sizeId: "large", blueprintVersion: "1.1.0" },
    }),
    "Ana Ruiz rendered revision 2 of Bondi Surf Co (large, blueprint 1.1.0)",
  ],
  "request.schedule": [
    entry("request.schedule", { label: "scheduler", ...request("resize"), after: { scheduledFor: "2026-12-05T15:00:00.000Z" } }),
    "Stackport scheduled the resize of Bondi Surf Co from small to large for the maintenance window at 2026-12-05 15:00 UTC",
  ],
  "request.reschedule": [
    entry("request.reschedule", {
      label: "scheduler",
      ...request("resize"),
      before: { scheduledFor: "2026-12-05T15:00:00.000Z" },
      after: { scheduledFor: "2026-12-12T15:00:00.000Z" },
    }),
    "Stackport moved the resize of Bondi Surf Co from small to large to the next maintenance window, at 2026-12-12 15:00 UTC (the one at 2026-12-05 15:00 UTC had passed)",
  ],
  "request.run_now": [
    entry("request.run_now", { actor: "erin", ...request("resize") }),
    "Erin Nakamura chose to run the resize of Bondi Surf Co from small to large now, outside the maintenance window",
  ],
  "client.maintenance_window": [
    entry("client.maintenance_window", {
      actor: "ana",
      entity: ["Client", "bondi"],
      client: "bondi",
      after: { day: "sunday", start: "02:00", durationMinutes: 240, timeZone: "Australia/Sydney" },
    }),
    "Ana Ruiz set Bondi Surf Co's maintenance window to Sundays at 02:00 for 240 minutes (Australia/Sydney)",
  ],

  "stack.operation_started": [
    entry("stack.operation_started", { entity: ["Operation", "op1"], client: "bondi", after: { kind: "CREATE" } }),
    "Stackport asked CloudFormation to create Bondi Surf Co's stack",
  ],
  "stack.status": [
    entry("stack.status", { label: "tracker", entity: ["Operation", "op1"], client: "bondi", after: { status: "CREATE_COMPLETE" } }),
    "Bondi Surf Co's stack reached CREATE_COMPLETE",
  ],
  "stack.policy_override": [
    entry("stack.policy_override", { ...request("resize"), after: { allowReplaceOf: ["Database"] } }),
    "Stackport allowed Database to be replaced in Bondi Surf Co's stack, for the resize of Bondi Surf Co from small to large",
  ],
  "stack.policy_restored": [
    entry("stack.policy_restored", { ...request("resize"), after: { protects: ["Bucket", "Cache", "Database"] } }),
    "Stackport protected Bucket, Cache, Database in Bondi Surf Co's stack again, after the resize of Bondi Surf Co from small to large",
  ],
  "stack.termination_protection_lifted": [
    entry("stack.termination_protection_lifted", { ...request("decommission") }),
    "Stackport lifted termination protection on Bondi Surf Co's stack, for the decommissioning of Bondi Surf Co",
  ],
  "stack.recreate_started": [
    entry("stack.recreate_started", { entity: ["Operation", "op1"], client: "bondi" }),
    "Bondi Surf Co's failed stack was deleted, and Stackport started creating it again",
  ],
  "stack.drift": [
    entry("stack.drift", { label: "drift schedule", entity: ["Client", "bondi"], client: "bondi", after: { driftStatus: "DRIFTED" } }),
    "Stackport checked Bondi Surf Co's stack for drift: DRIFTED",
  ],

  "webhook.create": [
    entry("webhook.create", { actor: "admin", ...webhook, after: { origin: "https://hooks.example.com" } }),
    "Priya Shah added a webhook endpoint at https://hooks.example.com",
  ],
  "webhook.enable": [
    entry("webhook.enable", { actor: "admin", ...webhook, after: { origin: "https://hooks.example.com" } }),
    "Priya Shah enabled the webhook endpoint at https://hooks.example.com",
  ],
  "webhook.disable": [
    entry("webhook.disable", { actor: "admin", ...webhook, after: { origin: "https://hooks.example.com" } }),
    "Priya Shah disabled the webhook endpoint at https://hooks.example.com",
  ],
  "webhook.delete": [
    entry("webhook.delete", { actor: "admin", ...webhook, before: { origin: "https://hooks.example.com" } }),
    "Priya Shah deleted the webhook endpoint at https://hooks.example.com",
  ],
  "webhook.rotate_secret": [
    entry("webhook.rotate_secret", { actor: "admin", ...webhook, after: { origin: "https://hooks.example.com" } }),
    "Priya Shah rotated the secret of the webhook endpoint at https://hooks.example.com",
  ],
  "webhook.ping": [
    entry("webhook.ping", { actor: "admin", ...webhook, after: { origin: "https://hooks.example.com" } }),
    "Priya Shah sent a test ping to the webhook endpoint at https://hooks.example.com",
  ],
  "webhook.retry": [
    entry("webhook.retry", { actor: "admin", entity: ["WebhookDelivery", "d1"], after: { event: "launch.failed" } }),
    "Priya Shah retried a failed webhook delivery of launch.failed",
  ],

  "service_account.create": [
    entry("service_account.create", { actor: "admin", entity: ["ServiceAccount", "sa1"], after: { name: "CRM", role: "ACCOUNT_MANAGER" } }),
    "Priya Shah created the service account CRM as ACCOUNT_MANAGER",
  ],
  "api_token.create": [
    entry("api_token.create", { actor: "admin", entity: ["ApiToken", "t1"], after: { ownerId: "sam", name: "ci" } }),
    "Priya Shah created the API token “ci” for Sam Lee",
  ],
  "api_token.revoke": [
    entry("api_token.revoke", { actor: "sam", entity: ["ApiToken", "t1"], after: { ownerId: "sam", name: "ci", revoked: true } }),
    "Sam Lee revoked the API token “ci”",
  ],
  "rollout.create": [
    entry("rollout.create", {
      actor: "erin",
      entity: ["Rollout", "r1"],
      after: { blueprintId: "stateless-web", toVersion: "1.1.0", matching: 212, reason: "Alarms" },
    }),
    "Erin Nakamura prepared a rollout of stateless-web 1.1.0 to 212 matching clients: Alarms",
  ],
  "rollout.prepared": [
    entry("rollout.prepared", {
      label: "rollout",
      entity: ["Rollout", "r1"],
      after: { targets: 210, excluded: 2, waves: [3, 1, 11, 195], groups: "210 clients: diff A" },
    }),
    "Stackport prepared the rollout for review: 210 clients in 4 waves, 2 not included (210 clients: diff A)",
  ],
  "rollout.plan": [
    entry("rollout.plan", { actor: "erin", entity: ["Rollout", "r1"], after: { waves: [3, 207] } }),
    "Erin Nakamura changed the rollout's waves to 3 → 207 clients",
  ],
  "rollout.approve": [
    entry("rollout.approve", { actor: "sam", entity: ["Rollout", "r1"], after: { approvals: 1, required: 2 } }),
    "Sam Lee approved the rollout's manifest (1 of 2 approvals)",
  ],
  "rollout.release": [
    entry("rollout.release", { label: "rollout", entity: ["Rollout", "r1"], client: "bondi", after: { wave: 0 } }),
    "Stackport released Bondi Surf Co's update in wave 1 of the rollout",
  ],
  "rollout.halt": [
    entry("rollout.halt", { label: "rollout", entity: ["Rollout", "r1"], after: { reason: "Bondi Surf Co failed in Wave 1" } }),
    "Stackport halted the rollout: Bondi Surf Co failed in Wave 1",
  ],
  "rollout.rollback": [
    entry("rollout.rollback", {
      label: "rollout",
      entity: ["Rollout", "r1"],
      client: "bondi",
      after: { alarms: ["bondi-surf-prod-5xx-rate"] },
    }),
    "Stackport asked CloudFormation to roll back Bondi Surf Co's update: its alarm bondi-surf-prod-5xx-rate went to ALARM while the update ran",
  ],
  "rollout.pause": [entry("rollout.pause", { actor: "erin", entity: ["Rollout", "r1"] }), "Erin Nakamura paused the rollout"],
  "rollout.resume": [entry("rollout.resume", { actor: "erin", entity: ["Rollout", "r1"] }), "Erin Nakamura resumed the rollout"],
  "rollout.abort": [
    entry("rollout.abort", { actor: "erin", entity: ["Rollout", "r1"], after: { reason: "Wrong version" } }),
    "Erin Nakamura aborted the rollout: Wrong version",
  ],
  "rollout.skip": [
    entry("rollout.skip", { actor: "erin", entity: ["Rollout", "r1"], client: "bondi", after: { reason: "Quota first" } }),
    "Erin Nakamura skipped Bondi Surf Co in the rollout: Quota first",
  ],
  "rollout.retry": [
    entry("rollout.retry", { actor: "erin", entity: ["Rollout", "r1"], client: "bondi" }),
    "Erin Nakamura retried Bondi Surf Co in the rollout",
  ],
  "rollout.finish": [
    entry("rollout.finish", { label: "rollout", entity: ["Rollout", "r1"], after: { updated: 209, skipped: 1 } }),
    "The rollout finished: 209 clients updated, 1 skipped",
  ],
};

describe("describeEntry", () => {
  it("has a sentence for every action the portal writes", () => {
    expect(Object.keys(CASES).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it.each(Object.entries(CASES))("%s", (action, [stored, sentence]) => {
    expect(stored.action).toBe(action);
    const described = describeEntry(stored, names);
    expect(described).toBe(sentence);
    expect(described).not.toContain(action);
    expect(described).not.toMatch(/undefined|null|\[object/);
  });

  it("falls back to what the entry itself says when names are missing", () => {
    const approve = entry("request.approve", { actor: "gone", label: "gone@example.com", ...request("r9"), client: "c9" });
    expect(describeEntry(approve, emptyNameBook())).toBe("gone@example.com approved a change request for the client c9");
    const created = entry("user.create", { label: "seed", ...user("u9"), after: { name: "Dana Demo", role: "AUDITOR" } });
    expect(describeEntry(created, emptyNameBook())).toBe("The demo seed created Dana Demo's account as AUDITOR");
  });

  it("reads an action it does not know, or a document that is not JSON, without failing", () => {
    expect(describeEntry({ ...entry("test.thing", { actor: "sam" }) }, names)).toBe("Sam Lee: test.thing");
    expect(describeEntry({ ...entry("user.signin", { actor: "sam" }), after: "{not json" }, names)).toBe("Sam Lee signed in");
  });
});

describe("namesNeeded", () => {
  it("asks for actors, clients, the users and requests entries are about, and token owners, each once", () => {
    const entries = [CASES["request.approve"][0], CASES["user.create"][0], CASES["api_token.create"][0], CASES["request.execute"][0]];
    const needed = namesNeeded(entries);
    expect(needed.userIds.sort()).toEqual(["admin", "erin", "sam"]);
    expect(needed.clientIds).toEqual(["bondi"]);
    expect(needed.requestIds.sort()).toEqual(["onboard", "update"]);
  });
});
