// `npm run audit:keygen -- <file>`: a new Ed25519 key for signing the change log's checkpoints.
// Writes the private key (PKCS #8 PEM, readable by its owner only; refuses to overwrite a file)
// and prints the public key that auditors check with. In production the private key goes into a
// secret store (templates/portal: the AuditSigningKeySecretArn secret), never the database:
//   aws secretsmanager create-secret --name stackport/audit-signing-key --secret-string file://<file>
import { generateKeyPairSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { z } from "zod";

const args = z
  .array(z.string().min(1))
  .length(1, "name the one file to write the private key to, e.g. npm run audit:keygen -- audit-signing-key.pem")
  .safeParse(process.argv.slice(2).filter((a) => a !== "--"));
if (!args.success) {
  console.error(`audit:keygen: ${args.error.issues[0]?.message ?? "usage: npm run audit:keygen -- <file>"}`);
  process.exit(2);
}
const file = args.data[0];
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
try {
  writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(`audit:keygen: ${code === "EEXIST" ? `${file} exists; a signing key is never overwritten` : String(error)}`);
  process.exit(2);
}
console.log(`Private key written to ${file} (mode 600). Store it in your secret store and delete this copy.`);
console.log("Public key (AUDIT_PUBLIC_KEY_FILE for auditors):");
console.log(String(publicKey.export({ type: "spki", format: "pem" })).trim());
