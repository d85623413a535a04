import "server-only";
import type { z } from "zod";
import { db, type Tx } from "../db";
import { appendAudit } from "../audit/append";
import { NotFoundError } from "../errors";
import type { SessionUser } from "./roles";
import type { endSessionsSchema } from "./schemas";

/** Ends every session token of the user issued so far (lib/auth/session-claims.ts). Inside the caller's transaction. */
export async function bumpSessionVersion(tx: Tx, userId: string): Promise<void> {
  await tx.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** An administrator's "end sessions": the person must sign in again everywhere. */
export async function endUserSessions(actor: SessionUser, input: z.infer<typeof endSessionsSchema>): Promise<void> {
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
    if (!user) throw new NotFoundError("That user");
    await bumpSessionVersion(tx, user.id);
    await appendAudit(tx, {
      actor: { id: actor.id, label: actor.email },
      action: "user.sessions_end",
      entityType: "User",
      entityId: user.id,
    });
  });
}
