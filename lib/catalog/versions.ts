// Blueprint versions: the semver in blueprint.yaml, the CHANGELOG.md beside it, the digest of the
// files a render depends on, and the committed versions.lock that ties each version to one digest.
// Pure: callers pass file contents in (load.ts and scripts/catalog-lock.ts read the files).
import { createHash } from "node:crypto";

/** Plain major.minor.patch: blueprints have no pre-releases or build metadata. */
export const VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseVersion(version: string): [number, number, number] | undefined {
  const m = VERSION_PATTERN.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Negative when a < b, zero when equal, positive when a > b. Unparseable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [-1, -1, -1];
  const pb = parseVersion(b) ?? [-1, -1, -1];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

export interface ChangelogEntry {
  version: string;
  /** Whether moving to this version replaces resources (a new physical resource, new id). */
  replacesResources: boolean;
  /** Whether moving to this version interrupts the client's service. */
  downtime: boolean;
  /** What changed, one line each. */
  changes: string[];
}

export interface ChangelogIssue {
  line: number;
  message: string;
}

const YES_NO = /^(yes|no)$/i;

/**
 * Parses CHANGELOG.md: one `## <version>` section per version, newest first, each with the lines
 * `Replaces resources: yes|no` and `Downtime: yes|no` and at least one `- change` bullet.
 */
export function parseChangelog(text: string): { entries: ChangelogEntry[]; issues: ChangelogIssue[] } {
  const entries: ChangelogEntry[] = [];
  const issues: ChangelogIssue[] = [];
  const seen: { replaces?: boolean; downtime?: boolean; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    const heading = /^##\s+(.+)$/.exec(line);
    if (heading) {
      const version = heading[1].trim();
      if (!parseVersion(version)) issues.push({ line: n, message: `"${version}" is not a version such as 1.2.0` });
      entries.push({ version, replacesResources: false, downtime: false, changes: [] });
      seen.push({ line: n });
      return;
    }
    const current = entries.at(-1);
    if (!current) return; // the title and any introduction before the first version
    const flag = /^(Replaces resources|Downtime):\s*(.*)$/i.exec(line);
    if (flag) {
      if (!YES_NO.test(flag[2].trim())) issues.push({ line: n, message: `${flag[1]} must be yes or no` });
      const value = flag[2].trim().toLowerCase() === "yes";
      if (flag[1].toLowerCase() === "downtime") {
        current.downtime = value;
        seen.at(-1)!.downtime = value;
      } else {
        current.replacesResources = value;
        seen.at(-1)!.replaces = value;
      }
      return;
    }
    const bullet = /^[-*]\s+(.+)$/.exec(line);
    if (bullet) current.changes.push(bullet[1].trim());
  });
  entries.forEach((e, i) => {
    const s = seen[i];
    if (s.replaces === undefined) issues.push({ line: s.line, message: `${e.version} needs a "Replaces resources: yes|no" line` });
    if (s.downtime === undefined) issues.push({ line: s.line, message: `${e.version} needs a "Downtime: yes|no" line` });
    if (e.changes.length === 0) issues.push({ line: s.line, message: `${e.version} needs at least one "- change" line` });
    if (i > 0 && compareVersions(entries[i - 1].version, e.version) <= 0)
      issues.push({ line: s.line, message: `${e.version} must be older than ${entries[i - 1].version} above it (newest first)` });
  });
  return { entries, issues };
}

/** The entries a client on `from` gains by moving to `to`: newer than `from`, up to and including `to`, newest first. */
export function entriesBetween(entries: readonly ChangelogEntry[], from: string, to: string): ChangelogEntry[] {
  return entries.filter((e) => compareVersions(e.version, from) > 0 && compareVersions(e.version, to) <= 0);
}

/** The files whose bytes decide what a blueprint renders, in a fixed order. */
export interface BlueprintInputs {
  blueprint: string;
  sizes: string;
  template: string;
}

/** sha256 over the blueprint's inputs, each named and length-prefixed so no two inputs can collide. */
export function inputsDigest(inputs: BlueprintInputs): string {
  const hash = createHash("sha256");
  for (const [name, text] of [
    ["blueprint.yaml", inputs.blueprint],
    ["sizes.yaml", inputs.sizes],
    ["template", inputs.template],
  ] as const) {
    const bytes = Buffer.from(text.replace(/\r\n/g, "\n"), "utf8");
    hash.update(`${name}\n${bytes.length}\n`).update(bytes).update("\n");
  }
  return hash.digest("hex");
}

/** versions.lock: one `<version> <sha256>` line per released version, oldest first; `#` comments. */
export function parseLock(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const [version, digest] = line.split(/\s+/);
    if (parseVersion(version) && /^[0-9a-f]{64}$/.test(digest ?? "")) out.set(version, digest);
  }
  return out;
}

export function formatLock(blueprintId: string, lock: Map<string, string>): string {
  const versions = [...lock.keys()].sort(compareVersions);
  return (
    `# ${blueprintId}: the digest of blueprint.yaml, sizes.yaml and the template at each released version.\n` +
    `# Written by \`npm run catalog:lock\`; a changed template needs a new version in blueprint.yaml and CHANGELOG.md.\n` +
    versions.map((v) => `${v} ${lock.get(v)}`).join("\n") +
    "\n"
  );
}

export type LockCheck =
  { ok: true } | { ok: false; reason: "unlocked"; message: string } | { ok: false; reason: "changed-without-bump"; message: string };

/** Does the lock agree with the blueprint's current version and inputs? */
export function checkLock(lock: Map<string, string>, blueprintId: string, version: string, digest: string): LockCheck {
  const locked = lock.get(version);
  if (locked === undefined)
    return { ok: false, reason: "unlocked", message: `${blueprintId} ${version} is not in versions.lock: run npm run catalog:lock` };
  if (locked !== digest)
    return {
      ok: false,
      reason: "changed-without-bump",
      message:
        `${blueprintId}: the template, sizes or blueprint file changed but the version is still ${version}. ` +
        `Raise version in blueprint.yaml, add its CHANGELOG.md entry, then run npm run catalog:lock.`,
    };
  return { ok: true };
}

/** The lock with the current version added; refuses to move a released version to other bytes. */
export function lockWith(lock: Map<string, string>, blueprintId: string, version: string, digest: string): Map<string, string> {
  const check = checkLock(lock, blueprintId, version, digest);
  if (!check.ok && check.reason === "changed-without-bump") throw new Error(check.message);
  const newest = [...lock.keys()].sort(compareVersions).at(-1);
  if (!lock.has(version) && newest && compareVersions(version, newest) < 0)
    throw new Error(`${blueprintId}: version ${version} is older than the released ${newest}`);
  return new Map([...lock, [version, digest]]);
}
