// Database errors the domain expects and turns into messages. Prisma reports a unique-key
// collision as P2002 on both providers (with driver adapters too).

/** True when a write collided with a unique key (two people creating the same thing at once). */
export function isUniqueViolation(error: unknown): boolean {
  return Boolean(error && typeof error === "object" && "code" in error && (error as { code: unknown }).code === "P2002");
}
