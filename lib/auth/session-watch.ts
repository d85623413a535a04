import "server-only";
import { db } from "../db";

/**
 * For a long-lived response (a live event stream): a check that the person's sessions still
 * hold, i.e. they were not signed out, disabled, given another role or had their sessions ended
 * since the stream opened (each bumps the session version).
 */
export async function watchSession(userId: string): Promise<() => Promise<boolean>> {
  const read = () => db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true, disabled: true } });
  const start = await read();
  return async () => {
    const now = await read();
    return Boolean(start && now && !now.disabled && now.sessionVersion === start.sessionVersion);
  };
}
