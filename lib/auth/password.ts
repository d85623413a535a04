import bcrypt from "bcryptjs";

// bcrypt at cost 12 (about a quarter of a second here) makes offline guessing expensive.
export const BCRYPT_COST = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

// Compared against when the account does not exist, so a wrong email costs the same time as a wrong password.
const DUMMY_HASH = "$2b$12$d9ggt3/2OfcFKHusWVwqLep1q/LTIzA3B/J1vDhUyaHKZ4j4uh/pu";

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && Boolean(hash);
}
