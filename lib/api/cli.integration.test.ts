import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { personWithToken, serviceAccountWithToken } from "../../test/support/api";
import { stackport } from "../../test/support/cli";
import { markLive, uniqueClientName } from "../../test/support/fixtures";

// The stackport CLI against the real router in this process (test/support/cli.ts).

let admin: Awaited<ReturnType<typeof personWithToken>>;
let eng: Awaited<ReturnType<typeof personWithToken>>;
beforeAll(async () => {
  [admin, eng] = await Promise.all([personWithToken("ADMIN"), personWithToken("ENGINEER")]);
});

describe("stackport", () => {
  it("onboards with a service token, lists, is refused approval, and an engineer approves", async () => {
    const svc = await serviceAccountWithToken(admin.user);
    const name = uniqueClientName("Cli");
    const filed = await stackport(svc.token, "request", "onboard", "--name", name, "--size", "small", "--env", "staging", "--json");
    expect(filed.code, filed.stderr).toBe(0);
    const request = JSON.parse(filed.stdout) as { id: string; client: { slug: string } };
    const table = await stackport(svc.token, "requests", "list", "--state", "pending", "--client", request.client.slug);
    expect(table.stdout).toContain(request.id);
    expect(table.stdout).toContain("CREATE");
    const refused = await stackport(svc.token, "approve", request.id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Service accounts never approve");
    const approved = await stackport(eng.token, "approve", request.id);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`Approved ${request.id}`);
    const clients = await stackport(svc.token, "clients", "list", "--query", request.client.slug, "--json");
    expect((JSON.parse(clients.stdout) as { slug: string }[]).map((c) => c.slug)).toEqual([request.client.slug]);
  });

  it("files an update with --set, and says why when nothing would change", async () => {
    const am = await personWithToken("ACCOUNT_MANAGER");
    const filed = await stackport(
      am.token,
      "request",
      "onboard",
      "--name",
      uniqueClientName("CliUpdate"),
      "--size",
      "small",
      "--env",
      "staging",
      "--json",
    );
    const { id, client } = JSON.parse(filed.stdout) as { id: string; client: { slug: string } };
    await markLive(id);
    const nothing = await stackport(am.token, "request", "update", client.slug);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("Nothing would change");
    const malformed = await stackport(am.token, "request", "update", client.slug, "--set", "CertificateArn");
    expect(malformed.code).toBe(2);
    const cert = "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-0000-4000-8000-00000000c001";
    const update = await stackport(am.token, "request", "update", client.slug, "--set", `CertificateArn=${cert}`, "--json");
    expect(update.code, update.stderr).toBe(0);
    expect(JSON.parse(update.stdout)).toMatchObject({ kind: "UPDATE", state: "PENDING" });
  });

  it("shows field errors, and exits 2 without a token", async () => {
    const bad = await stackport(eng.token, "request", "onboard", "--name", "x", "--size", "small", "--env", "staging");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("HTTP 403");
    const none = await stackport("", "clients", "list");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("STACKPORT_TOKEN");
  });

  it("watches an operation to its end: 0 on success, 1 with the reason on failure", async () => {
    const am = await personWithToken("ACCOUNT_MANAGER");
    for (const [stackStatus, code] of [
      ["CREATE_COMPLETE", 0],
      ["ROLLBACK_COMPLETE", 1],
    ] as const) {
      const filed = JSON.parse(
        (
          await stackport(
            am.token,
            "request",
            "onboard",
            "--name",
            uniqueClientName("Watch"),
            "--size",
            "small",
            "--env",
            "staging",
            "--json",
          )
        ).stdout,
      ) as { id: string; client: { slug: string } };
      const client = await db.client.findUniqueOrThrow({ where: { slug: filed.client.slug } });
      await db.changeRequest.update({ where: { id: filed.id }, data: { state: code ? "FAILED" : "SUCCEEDED" } });
      await db.operation.create({
        data: {
          clientId: client.id,
          requestId: filed.id,
          kind: "CREATE",
          phase: "DONE",
          token: "t",
          stackName: client.stackName,
          stackStatus,
          statusReason: code ? "The following resource(s) failed to create: [Database]." : null,
          finishedAt: new Date(),
        },
      });
      const watched = await stackport(am.token, "watch", filed.client.slug);
      expect(watched.code, watched.stderr).toBe(code);
      expect(watched.stdout).toContain(stackStatus);
      if (code) expect(watched.stderr).toContain("failed to create: [Database]");
    }
  });
});
