import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { onboardClient } from "../changes/onboard-client";
import { approveRequest } from "../changes/decide";
import { getRequest } from "../changes/queries";
import { makeUser, uniqueClientName } from "../../test/support/fixtures";
import { getAuditEntry, listAuditEntries } from "./queries";
import { parseAuditSearch } from "./schemas";

// Issue 16: the log read `request.approve` next to an entity id. Its pages now read as sentences,
// with the people's, clients' and requests' names looked up for the page in lib/audit.
afterAll(() => db.$disconnect());

describe("the change log's pages read as sentences", () => {
  it("names the people, the client and the request in the log, one entry, and the request's timeline", async () => {
    const am = await makeUser("ACCOUNT_MANAGER", "Ana Ruiz");
    const engineer = await makeUser("ENGINEER", "Erin Nakamura");
    const name = uniqueClientName("Bondi Surf Co");
    const request = await onboardClient(am, {
      displayName: name,
      environment: "staging",
      region: "us-east-1",
      blueprintId: "stateless-web",
      sizeId: "small",
    });
    await approveRequest(engineer, { requestId: request.id, version: request.version });
    const slug = (await db.client.findUniqueOrThrow({ where: { id: request.clientId } })).slug;

    const parsed = parseAuditSearch({ client: slug });
    if (!parsed.ok) throw new Error("bad filter");
    const page = await listAuditEntries(parsed.search);
    const sentences = page.entries.map((e) => e.sentence);
    expect(sentences).toEqual(
      expect.arrayContaining([
        `Ana Ruiz added the client ${name} (small, staging, us-east-1)`,
        `Ana Ruiz asked to onboard ${name} (small)`,
      ]),
    );
    expect(sentences[0]).toBe(`Erin Nakamura approved the onboarding of ${name} (1 of 1 approval)`);
    expect(sentences.find((s) => s.startsWith("Ana Ruiz rendered revision 1 of"))).toMatch(
      new RegExp(`^Ana Ruiz rendered revision 1 of ${name} \\(small, blueprint \\d+\\.\\d+\\.\\d+\\)$`),
    );
    expect(page.clientSlugs).toEqual({ [request.clientId]: slug });

    const one = await getAuditEntry(page.entries[0].seq);
    expect(one).toMatchObject({ entry: { action: "request.approve", sentence: sentences[0] }, clientSlug: slug });

    const timeline = (await getRequest(request.id))!.timeline.map((t) => t.sentence);
    expect(timeline).toEqual([
      `Ana Ruiz asked to onboard ${name} (small)`,
      `Erin Nakamura approved the onboarding of ${name} (1 of 1 approval)`,
    ]);
  });
});
