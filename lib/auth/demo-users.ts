import type { Db } from "../db/client";
import { appendAudit } from "../audit/append";
import { hashPassword } from "./password";
import type { Role } from "./roles";
import demoUsers from "./demo-users.json";

// One account per role (two engineers, for four-eyes approvals) for the demo and the tests. The passwords are public by
// design: `npm run demo` prints them, and they exist only in demo and test databases.
export const DEMO_USERS = demoUsers as { email: string; name: string; role: Role; password: string }[];

/** Creates the demo accounts that do not exist yet; existing ones (and all other data) are kept. */
export async function seedDemoUsers(db: Db): Promise<number> {
  let created = 0;
  for (const u of DEMO_USERS) {
    if (await db.user.findUnique({ where: { email: u.email } })) continue;
    const passwordHash = await hashPassword(u.password);
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: u.email, name: u.name, role: u.role, passwordHash } });
      await appendAudit(tx, {
        actor: { id: null, label: "seed" },
        action: "user.create",
        entityType: "User",
        entityId: user.id,
        after: { email: u.email, name: u.name, role: u.role, method: "password" },
      });
    });
    created += 1;
  }
  return created;
}
