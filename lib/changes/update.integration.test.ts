import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import type { SessionUser } from "../auth/roles";
import { getBlueprint } from "../catalog";
import { ValidationError } from "../errors";
import { blueprintVersionModel } from "../clients/client-view";
import { attachChangeSet, makeUser, markLive, uniqueClientName } from "../../test/support/fixtures";
import { onboardOnFirstVersion } from "../../test/support/first-version";
import { onboardClient } from "./onboard-client";
import { approveRequest } from "./decide";
import { requestResize } from "./request-resize";
import { requestUpdate } from "./request-update";
import { rerenderRequest } from "./rerender";
import { versionChange } from "./request-view";
import { deploymentInclude, digestOf } from "./approved-bytes";

let am: SessionUser, eng: SessionUser;
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
const current = getBlueprint("stateless-web")!.version;

beforeAll(async () => {
  [am, eng] = await Promise.all([makeUser("ACCOUNT_MANAGER"), makeUser("ENGINEER")]);
});
afterAll(async () => {
  await db.$disconnect();
});

/** A live medium production client, launched on stateless-web 1.0.0 (firstVersion) or the current version. */
async function liveClient({ firstVersion = false } = {}) {
  const request = await onboardClient(am, {
    displayName: uniqueClientName("Update"),
    environment: "production",
    region: "us-east-1",
    blueprintId: "stateless-web",
    sizeId: "medium",
  });
  if (firstVersion) await onboardOnFirstVersion(request.id);
  await approveRequest(eng, { requestId: request.id, version: request.version });
  await markLive(request.id);
  return db.client.findUniqueOrThrow({ where: { id: request.clientId }, include: { currentRevision: true } });
}

const auditSeq = async () => (await db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq;
const fieldErrorsOf = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors;
};

describe("update requests", () => {
  it("moves a client on 1.0.0 to the current version and adds a certificate, reviewed like a resize", async () => {
    const client = await liveClient({ firstVersion: true });
    expect(client.currentRevision!.blueprintVersion).toBe("1.0.0");
    const model = blueprintVersionModel(client, getBlueprint("stateless-web"));
    expect(model).toMatchObject({ version: "1.0.0", current, behind: true });
    expect(model!.step.entries.map((e) => e.version)).toContain(current);

    const request = await requestUpdate(am, { clientId: client.id, overrides: { CertificateArn: CERT }, reason: "HTTPS at last" });
    const revision = await db.templateRevision.findUniqueOrThrow({ where: { id: request.revisionId! } });
    expect(request).toMatchObject({ kind: "UPDATE", state: "PENDING", fromSizeId: "medium", toSizeId: "medium", requiredApprovals: 1 });
    expect(JSON.parse(request.overrides!)).toEqual({ CertificateArn: CERT });
    // Revision 1 was the onboarding's 1.0.0 proposal before the fixture re-rendered it as 2 (revisions are append-only).
    expect(revision).toMatchObject({ number: 3, blueprintVersion: current, inputsDigest: getBlueprint("stateless-web")!.inputsDigest });
    expect(revision.body).toContain("LoadBalancer5xxRateAlarm");
    expect(client.currentRevision!.body).not.toContain("LoadBalancer5xxRateAlarm");
    expect(JSON.parse(revision.parameters)).toContainEqual({ ParameterKey: "CertificateArn", ParameterValue: CERT });
    expect(versionChange({ baseRevision: client.currentRevision, revision }, getBlueprint("stateless-web"))).toMatchObject({
      from: "1.0.0",
      to: current,
    });
    const actions = (await db.auditEntry.findMany({ where: { clientId: client.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(["request.create", "revision.create"]);

    // Approved as a resize is: by another engineer, bound to the revision and its change set.
    await expect(approveRequest(eng, { requestId: request.id, version: request.version })).rejects.toThrow(/change-set preview/);
    const version = await attachChangeSet(request.id);
    expect(await approveRequest(eng, { requestId: request.id, version })).toMatchObject({ approved: true });
    const approval = await db.approval.findFirstOrThrow({ where: { requestId: request.id } });
    // The approval binds to the deployment's sha256: this revision's bytes plus what is sent with them.
    const forDeployment = await db.changeRequest.findUniqueOrThrow({ where: { id: request.id }, include: deploymentInclude });
    expect(forDeployment.revision!.sha256).toBe(revision.sha256);
    expect(approval.revisionSha).toBe(digestOf(forDeployment));

    // Once live, a later resize keeps the certificate.
    await markLive(request.id);
    const resize = await requestResize(am, { clientId: client.id, sizeId: "large" });
    const resized = await db.templateRevision.findUniqueOrThrow({ where: { id: resize.revisionId! } });
    expect(JSON.parse(resized.parameters)).toContainEqual({ ParameterKey: "CertificateArn", ParameterValue: CERT });
  });

  it("refuses an update that changes nothing, on the form's changes field, writing nothing", async () => {
    const client = await liveClient();
    const before = await auditSeq();
    const errors = await fieldErrorsOf(requestUpdate(am, { clientId: client.id, overrides: {} }));
    expect(errors.changes?.[0]).toMatch(/^Nothing would change/);
    // Submitting the values it already runs with is the same thing.
    const same = await fieldErrorsOf(
      requestUpdate(am, { clientId: client.id, overrides: { DatabaseEngine: "postgres", CertificateArn: "" } }),
    );
    expect(same.changes?.[0]).toMatch(/^Nothing would change/);
    expect(await auditSeq()).toBe(before);
    expect(await db.changeRequest.count({ where: { clientId: client.id, kind: "UPDATE" } })).toBe(0);
  });

  it("refuses an override value the blueprint does not allow, and a client mid-operation, writing nothing", async () => {
    const client = await liveClient();
    const before = await auditSeq();
    const bad = await fieldErrorsOf(requestUpdate(am, { clientId: client.id, overrides: { DatabaseEngine: "oracle" } }));
    expect(bad["overrides.DatabaseEngine"]?.[0]).toMatch(/postgres, mysql/);
    const arn = await fieldErrorsOf(requestUpdate(am, { clientId: client.id, overrides: { CertificateArn: "not-an-arn" } }));
    expect(Object.keys(arn)).toEqual(["overrides.CertificateArn"]);
    const unknown = await fieldErrorsOf(requestUpdate(am, { clientId: client.id, overrides: { InstanceType: "t3.nano" } }));
    expect(unknown["overrides.InstanceType"]?.[0]).toMatch(/not adjustable/i);

    await db.client.update({ where: { id: client.id }, data: { status: "UPDATING" } });
    const busy = await fieldErrorsOf(requestUpdate(am, { clientId: client.id, overrides: { CertificateArn: CERT } }));
    expect(busy.changes?.[0]).toMatch(/in the middle of another change/);
    expect(await auditSeq()).toBe(before);
    expect(await db.changeRequest.count({ where: { clientId: client.id, kind: "UPDATE" } })).toBe(0);
  });

  it("a stale update is re-rendered with the settings it asked for", async () => {
    const client = await liveClient();
    const update = await requestUpdate(am, { clientId: client.id, overrides: { CertificateArn: CERT } });
    const resize = await requestResize(am, { clientId: client.id, sizeId: "large" });
    await markLive(resize.id);
    const revision = await rerenderRequest(am, { requestId: update.id });
    expect(JSON.parse(revision.parameters)).toEqual(
      expect.arrayContaining([
        { ParameterKey: "CertificateArn", ParameterValue: CERT },
        {
          ParameterKey: "InstanceType",
          ParameterValue: getBlueprint("stateless-web")!.sizes.find((s) => s.id === "large")!.parameters.InstanceType,
        },
      ]),
    );
    expect(revision.sizeId).toBe("large");
    expect(await db.changeRequest.findUniqueOrThrow({ where: { id: update.id } })).toMatchObject({ state: "PENDING", toSizeId: "large" });
  });
});

describe("outdated clients are visible", () => {
  it("the behind filter and the home pages' counts find a client on 1.0.0 and not one on the current version", async () => {
    const { countClientsBehind, listClients } = await import("../clients/queries");
    const before = await countClientsBehind({ ownerId: am.id });
    const old = await liveClient({ firstVersion: true });
    const fresh = await liveClient();
    expect(await countClientsBehind({ ownerId: am.id })).toBe(before + 1);
    const { rows } = await listClients({ behind: true, q: "update" });
    expect(rows.map((r) => r.id)).toContain(old.id);
    expect(rows.map((r) => r.id)).not.toContain(fresh.id);
    // Once its update is live it is no longer behind.
    const update = await requestUpdate(am, { clientId: old.id, overrides: {} });
    await markLive(update.id);
    expect(await countClientsBehind({ ownerId: am.id })).toBe(before);
  });
});
