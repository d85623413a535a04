// `npm run audit:checkpoint`: signs a checkpoint of the change log now (AUDIT_SIGNING_KEY_FILE)
// and writes it to AUDIT_CHECKPOINT_BUCKET (or AUDIT_CHECKPOINT_DIR). Exits 1 when it refuses (a
// broken chain, a checkpoint it cannot verify), 2 when it cannot run (a bucket without Object Lock too).
import { checkpointConfig, issueCheckpoint } from "../lib/audit/checkpoint";
import { chainSourceAt } from "../lib/audit/verify-url";
import { DEFAULT_DATABASE_URL } from "../lib/db/target.mjs";

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
try {
  const config = checkpointConfig();
  if (!config?.privateKey) throw new Error("AUDIT_SIGNING_KEY_FILE is not set");
  const { source, close } = chainSourceAt(url);
  try {
    const result = await issueCheckpoint(source, config);
    if (result.issued) {
      console.log(
        `Signed checkpoint #${result.number}: ${result.size.toLocaleString("en-US")} entries, at ${result.signedAt}, in ${config.sink.describe}.`,
      );
    } else {
      console.log(`No checkpoint signed: ${result.reason}.`);
    }
  } finally {
    await close();
  }
} catch (error) {
  const refused = error instanceof Error && error.constructor.name === "CheckpointRefusedError";
  console.error(
    `${refused ? "Refused to sign" : "Could not sign"} a checkpoint: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = refused ? 1 : 2;
}
