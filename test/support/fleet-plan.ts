// What `npm run seed:fleet` makes of client number i (1-based): the same every run, so a second run
// fills gaps identically and tests can count what a seeded fleet holds. Pure.
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"] as const;
const STAGING_SIZES = ["small", "medium", "large"] as const;
const PRODUCTION_SIZES = ["medium", "medium", "large", "enterprise"] as const;

/** What client `i` (1-based) is: the same every run, so a second run fills gaps identically. */
export function fleetClientPlan(i: number) {
  // mulberry32 seeded by position.
  let state = (i * 2654435761) | 0;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const environment = random() < 0.3 ? "staging" : "production";
  const status = i % 200 === 7 ? "FAILED" : i % 67 === 3 ? "DEGRADED" : i % 97 === 5 ? "UPDATING" : "ACTIVE";
  const updated = random() < 0.55;
  return {
    environment,
    sizeId: pick(environment === "staging" ? STAGING_SIZES : PRODUCTION_SIZES),
    region: pick(REGIONS),
    status,
    drifted: i % 50 === 11,
    // Updated to the current version; a failed client's update is the one that failed.
    updated: updated && status !== "FAILED",
    // Onboarded before versions were recorded: its first revision has no version (it is 1.0.0).
    unrecorded: random() < 0.25,
    owner: Math.floor(random() * 1_000),
  };
}

export const fleetSlug = (prefix: string, i: number) => `${prefix}-client-${String(i).padStart(4, "0")}`;
