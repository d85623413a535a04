// `npm run audit:verify`: recomputes the whole change-log hash chain in DATABASE_URL's database
// and, with a checkpoint key configured (AUDIT_PUBLIC_KEY_FILE, or the public half of
// AUDIT_SIGNING_KEY_FILE), checks every signed checkpoint in AUDIT_CHECKPOINT_BUCKET (or
// AUDIT_CHECKPOINT_DIR) and that the entries reproduce what they signed. One line per checkpoint; exits 1 at the first problem
// (2 when it cannot run), for cron or CI.
import { verifyChainAt } from "../lib/audit/verify-url";
import { DEFAULT_DATABASE_URL } from "../lib/db/target.mjs";

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
try {
  const result = await verifyChainAt(url);
  const seconds = (result.durationMs / 1000).toFixed(2);
  const checkpoints = result.checkpoints;
  if (!checkpoints)
    console.warn("No checkpoint key is configured: the log is checked only against itself, which an insider can recompute.");
  for (const line of checkpoints?.lines ?? []) console.log(line);
  if (checkpoints?.problem) {
    console.error(`BROKEN: ${checkpoints.problem.reason}.`);
    process.exitCode = 1;
  } else if (result.ok) {
    const against = checkpoints?.newest
      ? `, and they match checkpoint #${checkpoints.newest.number} (${checkpoints.newest.size.toLocaleString("en-US")} entries, signed ${checkpoints.newest.signedAt} by key ${checkpoints.newest.keyId})`
      : checkpoints
        ? " (no checkpoint has been signed yet)"
        : "";
    console.log(`OK: the change log is intact — ${result.checked.toLocaleString("en-US")} entries verified in ${seconds} s${against}.`);
  } else {
    const broken = result.firstBroken!;
    console.error(`BROKEN at entry ${broken.seq}: ${broken.reason}.`);
    console.error(`${result.checked.toLocaleString("en-US")} entries read in ${seconds} s.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`Could not verify the change log: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
