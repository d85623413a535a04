// Test helpers: stateless-web exactly as released at 1.0.0 (before the load balancer alarms of 1.1.0
// and the routing and TLS changes of 1.2.0), so a test can launch a client on the old version and
// watch it fall behind. The copy is rebuilt from today's files and must hash to the digest
// versions.lock recorded for 1.0.0, so it cannot drift (an edit above that no longer matches
// leaves a copy that fails this check).
import { loadCatalog, type Catalog } from "../../lib/catalog";
import { readLock } from "../../lib/catalog/lock-file";
import { copyTemplates } from "./templates-copy";

let cached: Catalog | undefined;

/** The catalog with stateless-web at 1.0.0; throws when the rebuilt files do not match the lock. */
export function firstVersionCatalog(): Catalog {
  if (cached) return cached;
  const copy = copyTemplates();
  try {
    copy.edit("stateless-web/blueprint.yaml", (t) =>
      t.replace(/^version: \d+\.\d+\.\d+$/m, "version: 1.0.0").replace("  AWS::CloudWatch::Alarm: 5\n", ""),
    );
    copy.edit("stateless-web/CHANGELOG.md", (t) => t.slice(0, t.indexOf("## 1.2.0")) + t.slice(t.indexOf("## 1.0.0")));
    copy.edit("stateless-web/template.yaml", (raw) => {
      // 1.2.0: the routing algorithm and the stricter TLS policy.
      const t = raw
        .replace(
          "        # Each request goes to the instance with the fewest in progress, so a slow one is not sent a full share.\n" +
            "        - { Key: load_balancing.algorithm.type, Value: least_outstanding_requests }\n",
          "",
        )
        .replace(
          "      # TLS 1.3, and TLS 1.2 with forward-secret AEAD ciphers only.\n      SslPolicy: ELBSecurityPolicy-TLS13-1-2-Res-2021-06\n",
          "      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n",
        );
      // 1.1.0: the load balancer alarms and their outputs.
      const start = t.indexOf("  # Alarms on what a client notices first");
      const end = t.indexOf("  # ---------------------------------------------------------------- app tier");
      const outputs = t.indexOf("  LoadBalancer5xxAlarmArn:");
      return t.slice(0, start) + t.slice(end, outputs);
    });
    const catalog = loadCatalog(copy.root);
    const blueprint = catalog.blueprints.find((b) => b.id === "stateless-web")!;
    const locked = readLock(blueprint).get("1.0.0");
    if (blueprint.inputsDigest !== locked)
      throw new Error(`the rebuilt stateless-web 1.0.0 hashes to ${blueprint.inputsDigest}, versions.lock says ${locked}`);
    cached = catalog;
    return catalog;
  } finally {
    copy.dispose();
  }
}

/**
 * Re-renders a pending onboarding from stateless-web 1.0.0, before anyone approves it, as if it had
 * been requested before 1.1.0 shipped: a new revision (revisions are append-only) that the request
 * then proposes instead. `overrides` are the blueprint settings to launch with (CertificateArn, say).
 * Integration tests and e2e fixtures only (it writes through lib/db).
 */
export async function onboardOnFirstVersion(requestId: string, overrides: Record<string, string> = {}): Promise<void> {
  const { db } = await import("../../lib/db");
  const { renderStack } = await import("../../lib/render");
  const { createRevision, nextRevisionNumber, revisionContent } = await import("../../lib/changes/revisions");
  const request = await db.changeRequest.findUniqueOrThrow({
    where: { id: requestId },
    include: { revision: true, client: { include: { owner: true } } },
  });
  if (request.kind !== "CREATE" || request.state !== "PENDING" || !request.revision)
    throw new Error("only a pending onboarding can be rewound");
  const { client } = request;
  await db.$transaction(async (tx) => {
    const number = await nextRevisionNumber(tx, client.id);
    const rendered = renderStack(
      {
        blueprintId: client.blueprintId,
        sizeId: client.sizeId,
        client: {
          displayName: client.displayName,
          environment: client.environment as "production",
          region: client.region,
          owner: client.owner.email,
        },
        metadata: { clientSlug: client.slug, revision: number, changeRequestId: request.id },
        overrides,
      },
      { catalog: firstVersionCatalog() },
    );
    const revision = await createRevision(
      tx,
      { id: null, label: "test fixture" },
      { clientId: client.id, number, requestId: request.id, content: revisionContent(rendered, client.sizeId) },
    );
    await tx.changeRequest.update({ where: { id: request.id }, data: { revisionId: revision.id } });
  });
}
