// For the Playwright journeys: re-render a pending onboarding from stateless-web 1.0.0 in the e2e
// database, before it is approved, so the client launches on the old version.
//   DATABASE_URL=… tsx --conditions=react-server test/support/rewind-to-first-version.ts <requestId>
import { onboardOnFirstVersion } from "./first-version";

const requestId = process.argv[2];
if (!requestId) {
  console.error("usage: rewind-to-first-version.ts <requestId>");
  process.exit(2);
}
await onboardOnFirstVersion(requestId);
const { db } = await import("../../lib/db");
await db.$disconnect();
