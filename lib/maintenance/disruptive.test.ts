import { describe, expect, it } from "vitest";
import { getBlueprint } from "../catalog";
import { classifyChange } from "./disruptive";

const disruptiveParameters = getBlueprint("stateless-web")!.disruptiveParameters;
const params = (values: Record<string, string>) =>
  Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
const base = { InstanceType: "t3.medium", DatabaseInstanceClass: "db.t4g.medium", CacheNodeType: "cache.t4g.small", CertificateArn: "" };
const modify = (logicalId: string, replacement = "False") => ({ action: "Modify", logicalId, replacement });

describe("disruptive or not", () => {
  it.each([
    ["nothing but added alarms (the 1.1.0 update)", [{ action: "Add", logicalId: "UnhealthyHostsAlarm", replacement: "" }], {}, false],
    [
      "a certificate added: listeners modified in place",
      [modify("HttpListener"), { action: "Add", logicalId: "HttpsListener", replacement: "" }],
      { CertificateArn: "arn:x" },
      false,
    ],
    [
      "an instance type change: the launch template rolls instances, no replacement",
      [modify("LaunchTemplate")],
      { InstanceType: "t3.large" },
      false,
    ],
    ["the database class changes (a listed disruptive parameter)", [modify("Database")], { DatabaseInstanceClass: "db.r6g.large" }, true],
    ["the cache node type changes (listed)", [modify("Cache")], { CacheNodeType: "cache.r6g.large" }, true],
    ["a resource is replaced", [modify("Bucket", "True")], {}, true],
    ["a resource may be replaced", [modify("Database", "Conditional")], {}, true],
    ["a resource is removed (a zone's subnets)", [{ action: "Remove", logicalId: "AppSubnet3", replacement: "" }], {}, true],
  ])("%s → disruptive %s", (_case, changes, changed, disruptive) => {
    const result = classifyChange({ changes, before: params(base), after: params({ ...base, ...changed }), disruptiveParameters });
    expect(result.disruptive).toBe(disruptive);
    expect(result.reasons.length > 0).toBe(disruptive);
  });

  it("names each cause in plain words", () => {
    expect(
      classifyChange({
        changes: [modify("Bucket", "True")],
        before: params(base),
        after: params({ ...base, DatabaseInstanceClass: "db.r6g.large" }),
        disruptiveParameters,
      }).reasons,
    ).toEqual(["Bucket is replaced", "DatabaseInstanceClass changes from db.t4g.medium to db.r6g.large"]);
  });
});
