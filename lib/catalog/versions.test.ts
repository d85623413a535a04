import { afterEach, describe, expect, it } from "vitest";
import { getCatalog, loadCatalog } from "./index";
import { checkCatalogLocks, writeCatalogLocks } from "./lock-file";
import { checkLock, compareVersions, entriesBetween, inputsDigest, lockWith, parseChangelog, parseLock } from "./versions";
import { copyTemplates, type TemplatesCopy } from "../../test/support/templates-copy";

describe("blueprint versions: the committed lock", () => {
  it("every blueprint's current version is locked with the digest of its files", () => {
    for (const { blueprintId, check } of checkCatalogLocks(getCatalog())) expect(check, blueprintId).toEqual({ ok: true });
  });

  let copy: TemplatesCopy | undefined;
  afterEach(() => copy?.dispose());

  it("fails when the template changes but the version does not, and passes once the version is raised and locked", () => {
    copy = copyTemplates();
    copy.edit("stateless-web/template.yaml", (t) => t.replace("Description:", "# a reviewer-visible edit\nDescription:"));
    const [edited] = checkCatalogLocks(loadCatalog(copy.root));
    expect(edited.check).toMatchObject({ ok: false, reason: "changed-without-bump" });
    expect(() => writeCatalogLocks(loadCatalog(copy!.root))).toThrow(/changed but the version is still/);

    const current = getCatalog().blueprints.find((b) => b.id === "stateless-web")!.version;
    const [major, minor] = current.split(".").map(Number);
    const next = `${major}.${minor + 1}.0`;
    copy.edit("stateless-web/blueprint.yaml", (t) => t.replace(`version: ${current}`, `version: ${next}`));
    copy.edit("stateless-web/CHANGELOG.md", (t) =>
      t.replace(`## ${current}`, `## ${next}\n\nReplaces resources: no\nDowntime: no\n\n- A comment.\n\n## ${current}`),
    );
    expect(checkCatalogLocks(loadCatalog(copy.root))[0].check).toMatchObject({ ok: false, reason: "unlocked" });
    expect(writeCatalogLocks(loadCatalog(copy.root))).toEqual([`stateless-web ${next}`]);
    expect(checkCatalogLocks(loadCatalog(copy.root))[0].check).toEqual({ ok: true });
  });

  it("a sizes.yaml or blueprint.yaml change alone also needs a version", () => {
    copy = copyTemplates();
    copy.edit("stateless-web/sizes.yaml", (t) => `# note\n${t}`);
    expect(checkCatalogLocks(loadCatalog(copy.root))[0].check).toMatchObject({ ok: false, reason: "changed-without-bump" });
  });

  it("refuses a blueprint whose changelog's newest entry is not its version", () => {
    copy = copyTemplates();
    copy.edit("stateless-web/CHANGELOG.md", (t) => t.replace(/## \d+\.\d+\.\d+/, "## 9.9.9"));
    expect(() => loadCatalog(copy!.root)).toThrow(/newest entry is 9\.9\.9/);
  });
});

describe("blueprint versions: pure parts", () => {
  it.each([
    ["1.0.0", "1.0.0", 0],
    ["1.0.0", "1.1.0", -1],
    ["1.10.0", "1.9.9", 1],
    ["2.0.0", "1.99.99", 1],
  ])("compareVersions(%s, %s) has sign %i", (a, b, sign) => expect(Math.sign(compareVersions(a, b))).toBe(sign));

  const changelog = `# Changelog\n\nintro\n\n## 1.2.0\nReplaces resources: yes\nDowntime: no\n- c\n- d\n\n## 1.1.0\nReplaces resources: no\nDowntime: yes\n- b\n\n## 1.0.0\nReplaces resources: no\nDowntime: no\n- a\n`;

  it("parses the changelog newest first with its flags", () => {
    const { entries, issues } = parseChangelog(changelog);
    expect(issues).toEqual([]);
    expect(entries).toEqual([
      { version: "1.2.0", replacesResources: true, downtime: false, changes: ["c", "d"] },
      { version: "1.1.0", replacesResources: false, downtime: true, changes: ["b"] },
      { version: "1.0.0", replacesResources: false, downtime: false, changes: ["a"] },
    ]);
    expect(entriesBetween(entries, "1.0.0", "1.2.0").map((e) => e.version)).toEqual(["1.2.0", "1.1.0"]);
    expect(entriesBetween(entries, "1.2.0", "1.2.0")).toEqual([]);
  });

  it("reports a missing flag, an unordered entry and a bad version with their lines", () => {
    const { issues } = parseChangelog("## 1.0.0\nDowntime: maybe\n- a\n## 1.1.0\nReplaces resources: no\nDowntime: no\n- b\n## one\n");
    expect(issues.map((i) => i.message)).toEqual(
      expect.arrayContaining([
        "Downtime must be yes or no",
        '1.0.0 needs a "Replaces resources: yes|no" line',
        "1.1.0 must be older than 1.0.0 above it (newest first)",
        '"one" is not a version such as 1.2.0',
      ]),
    );
  });

  it("digests each input by name, so moving bytes between files changes it", () => {
    const a = inputsDigest({ blueprint: "x", sizes: "y", template: "z" });
    expect(inputsDigest({ blueprint: "x", sizes: "y", template: "z" })).toBe(a);
    expect(inputsDigest({ blueprint: "xy", sizes: "", template: "z" })).not.toBe(a);
    expect(inputsDigest({ blueprint: "x\r\n", sizes: "y", template: "z" })).toBe(
      inputsDigest({ blueprint: "x\n", sizes: "y", template: "z" }),
    );
  });

  it("a lock keeps released versions: re-locking one to other bytes or adding an older one is refused", () => {
    const lock = parseLock(`# c\n1.0.0 ${"a".repeat(64)}\n1.1.0 ${"b".repeat(64)}\n`);
    expect(checkLock(lock, "x", "1.1.0", "b".repeat(64))).toEqual({ ok: true });
    expect(() => lockWith(lock, "x", "1.1.0", "c".repeat(64))).toThrow(/version is still 1\.1\.0/);
    expect(() => lockWith(lock, "x", "1.0.5", "c".repeat(64))).toThrow(/older than the released 1\.1\.0/);
    expect(lockWith(lock, "x", "1.2.0", "c".repeat(64)).get("1.2.0")).toBe("c".repeat(64));
  });
});
