// Seeds the demo accounts into DATABASE_URL's database (idempotent).
import { createDb } from "../lib/db/client";
import { seedDemoUsers } from "../lib/auth/demo-users";
import { DEFAULT_DATABASE_URL } from "../lib/db/target.mjs";

// The demo accounts have published passwords (lib/auth/demo-users.json): never in production,
// unless it is a demo deployment that says so (I6).
if (process.env.NODE_ENV === "production" && !["true", "1"].includes(process.env.STACKPORT_DEMO ?? "")) {
  console.error(
    "Refusing to seed the demo accounts: NODE_ENV is production (their passwords are public). Set STACKPORT_DEMO=true for a demo deployment.",
  );
  process.exit(1);
}

const { db } = createDb(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
const created = await seedDemoUsers(db);
console.log(created ? `Seeded ${created} demo account(s).` : "Demo accounts already present.");
await db.$disconnect();
