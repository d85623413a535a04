import { describe, expect, it } from "vitest";
import { getBlueprint } from "../catalog";
import { renderStack } from "../render";
import { canonicalJson } from "../render/canonical";
import { changesAnything, isBehind, mergeOverrides, revisionOverrides, revisionVersion, versionStep } from "./update-plan";

const blueprint = getBlueprint("stateless-web")!;
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
const render = (overrides: Record<string, string> = {}, revision = 1, changeRequestId = "r1") => {
  const r = renderStack({
    blueprintId: "stateless-web",
    sizeId: "medium",
    client: { displayName: "Plan Co", environment: "production", region: "us-east-1", owner: "am@example.com" },
    overrides,
    metadata: { revision, changeRequestId },
  });
  return { body: r.body, parameters: canonicalJson(r.parameters), tags: canonicalJson(r.tags) };
};

describe("update plan", () => {
  it("reads a revision's overrides back from its Metadata", () => {
    expect(revisionOverrides(blueprint, render({ CertificateArn: CERT, DatabaseEngine: "mysql" }))).toEqual({
      CertificateArn: CERT,
      DatabaseEngine: "mysql",
    });
    expect(revisionOverrides(blueprint, render())).toEqual({});
  });

  it.each([
    [{}, { CertificateArn: CERT }, { CertificateArn: CERT }],
    [{ CertificateArn: CERT }, { CertificateArn: "" }, {}],
    [{ CertificateArn: CERT }, { DatabaseEngine: "postgres" }, { CertificateArn: CERT }],
    [{ DatabaseEngine: "mysql" }, { DatabaseEngine: "postgres" }, {}],
  ])("merges %j with the submitted %j into %j (a default is no override)", (current, submitted, expected) => {
    expect(mergeOverrides(blueprint, current, submitted)).toEqual(expected);
  });

  it("a new render of the same inputs changes nothing, whatever its revision number and request", () => {
    expect(changesAnything(render({}, 1, "a"), render({}, 7, "b"))).toBe(false);
    expect(changesAnything(render(), render({ CertificateArn: CERT }))).toBe(true);
    const live = render();
    expect(changesAnything(live, { ...live, tags: "[]" })).toBe(true);
    expect(changesAnything(live, { ...live, body: live.body.replace('"Resources"', '"Resources2"') })).toBe(true);
  });

  it("treats a revision without a recorded version as 1.0.0, which is behind", () => {
    expect(revisionVersion({ blueprintVersion: null })).toBe("1.0.0");
    expect(isBehind(blueprint, "1.0.0")).toBe(blueprint.version !== "1.0.0");
    expect(isBehind(blueprint, blueprint.version)).toBe(false);
    expect(versionStep(blueprint, blueprint.version).entries).toEqual([]);
    expect(versionStep(blueprint, "1.0.0").entries[0].version).toBe(blueprint.version);
  });
});
