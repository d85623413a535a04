// `npm run audit:verify-dossier -- dossier.json [--key <verifier key or a file holding it>]`:
// checks a change request's dossier without the portal, its database or the network: the
// checkpoint's signature, every entry's hash and its inclusion proof. Exits 0 when every check
// holds, 1 when one does not, 2 on a usage error. Without --key it checks against the key the
// file names and says so: compare that key id with the one your portal publishes.
import { existsSync, readFileSync } from "node:fs";
import { verifyDossier } from "../lib/audit/dossier";

const args = process.argv.slice(2);
const keyAt = args.indexOf("--key");
const keyArg = keyAt >= 0 ? args[keyAt + 1] : undefined;
const files = args.filter((_, i) => keyAt < 0 || (i !== keyAt && i !== keyAt + 1));
if (files.length !== 1 || (keyAt >= 0 && !keyArg)) {
  console.error("usage: npm run audit:verify-dossier -- dossier.json [--key <verifier key or file>]");
  process.exit(2);
}
let input: unknown;
try {
  input = JSON.parse(readFileSync(files[0], "utf8"));
} catch (error) {
  console.error(`${files[0]}: ${(error as Error).message}`);
  process.exit(2);
}
const trusted = keyArg && existsSync(keyArg) ? readFileSync(keyArg, "utf8").trim() : keyArg;
const result = verifyDossier(input, trusted);
for (const line of result.lines) console.log(line);
for (const problem of result.problems) console.error(`BROKEN: ${problem}`);
if (result.ok) console.log(`OK: the dossier is verified${result.checkpoint ? ` against checkpoint #${result.checkpoint.number}` : ""}.`);
process.exitCode = result.ok ? 0 : 1;
