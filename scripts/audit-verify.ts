// `npm run audit:verify`: recomputes the whole change-log hash chain in DATABASE_URL's
// database and exits 1 at the first broken entry (2 when it cannot run), for cron or CI.
import { verifyChainAt } from "../lib/audit/verify-url";
import { DEFAULT_DATABASE_URL } from "../lib/db/target.mjs";

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
try {
  const result = await verifyChainAt(url);
  const seconds = (result.durationMs / 1000).toFixed(2);
  if (result.ok) {
    console.log(`OK: the change log is intact — ${result.checked.toLocaleString("en-US")} entries verified in ${seconds} s.`);
  } else {
    const broken = result.firstBroken!;
    console.error(`BROKEN at entry ${broken.seq}: ${broken.reason}.`);
    console.error(`${result.checked.toLocaleString("en-US")} entries before it verified in ${seconds} s.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Could not verify the change log: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
