// How a driver's stored `at` becomes the text the chain hashed (the encoder itself is in chain-format.ts).

/** ISO-8601 with milliseconds and "Z", as the writer hashed it, from whatever a driver returns. */
export function isoAt(value: Date | string | number): string {
  if (typeof value === "string") {
    // SQLite through the Prisma adapter stores "2026-01-02T03:04:05.678+00:00".
    if (value.length === 29 && value.endsWith("+00:00") && value[10] === "T") return `${value.slice(0, 23)}Z`;
    if (value.length === 24 && value.endsWith("Z") && value[10] === "T") return value;
  }
  return new Date(value).toISOString();
}
