import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { watchSession } from "../auth/session-watch";
import { recordSignOut } from "../auth/sign-out";
import { liveEventStream } from "./live-stream";
import { makeClientRow, makeUser, uniqueClientName } from "../../test/support/fixtures";

// L5: a live stream went on for 15 minutes after its viewer was disabled or signed out.
describe("live event stream", () => {
  afterAll(async () => {
    await db.$disconnect();
  });

  it("ends within seconds once the viewer's sessions end", async () => {
    const user = await makeUser("ACCOUNT_MANAGER");
    const client = await makeClientRow(user.id, { name: uniqueClientName("Stream"), status: "PROVISIONING" });
    const slug = client.slug;
    await db.operation.create({
      data: { clientId: client.id, requestId: `req-${slug}`, kind: "CREATE", phase: "IN_PROGRESS", token: `t-${slug}`, stackName: slug },
    });
    let closed = 0;
    const stream = liveEventStream(client.id, 0, new AbortController().signal, {
      stillAllowed: await watchSession(user.id),
      onClose: () => closed++,
    });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(first).toContain("event: status");
    const started = Date.now();
    await recordSignOut(user);
    let text = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toContain("event: ended");
    expect(Date.now() - started).toBeLessThan(8000);
    expect(closed).toBe(1);
  }, 20_000);
});
