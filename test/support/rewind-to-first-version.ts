// For the Playwright journeys: re-render a pending onboarding from stateless-web 1.0.0 in the e2e
// database, before it is approved, so the client launches on the old version, with the blueprint
// settings given as Name=Value (CertificateArn=arn:…, say).
//   DATABASE_URL=… tsx --conditions=react-server test/support/rewind-to-first-version.ts <requestId> [Name=Value…]
import { onboardOnFirstVersion } from "./first-version";

const [requestId, ...settings] = process.argv.slice(2);
if (!requestId || settings.some((s) => !/^[A-Za-z][A-Za-z0-9]*=./.test(s))) {
  console.error("usage: rewind-to-first-version.ts <requestId> [Name=Value…]");
  process.exit(2);
}
const overrides = Object.fromEntries(settings.map((s) => [s.slice(0, s.indexOf("=")), s.slice(s.indexOf("=") + 1)]));
await onboardOnFirstVersion(requestId, overrides);
const { db } = await import("../../lib/db");
await db.$disconnect();
