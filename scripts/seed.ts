// Seeds the demo accounts into DATABASE_URL's database (idempotent).
import { createDb } from "../lib/db/client";
import { seedDemoUsers } from "../lib/auth/demo-users";
import { DEFAULT_DATABASE_URL } from "../lib/db/target.mjs";

const { db } = createDb(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
const created = await seedDemoUsers(db);
console.log(created ? `Seeded ${created} demo account(s).` : "Demo accounts already present.");
await db.$disconnect();
