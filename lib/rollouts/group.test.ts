import { describe, expect, it } from "vitest";
import { groupLabel, groupTargets, groupsSentence, type TargetPreview } from "./group";

const alarms = [
  { action: "Add", logicalId: "Alarm5xx", resourceType: "AWS::CloudWatch::Alarm", replacement: "" },
  { action: "Add", logicalId: "AlarmUnhealthy", resourceType: "AWS::CloudWatch::Alarm", replacement: "" },
];
const bump = (clientId: string, extra: Partial<TargetPreview> = {}): TargetPreview => ({
  clientId,
  templateDiff: "+  Alarm5xx:\n+  AlarmUnhealthy:\n",
  parameterChanges: [{ key: "BlueprintVersion", from: "1.0.0", to: "1.1.0" }],
  resourceChanges: alarms,
  monthlyCostDelta: 0.2,
  ...extra,
});

describe("grouping a rollout's targets", () => {
  it("puts identical changes in one group, whatever order the clients come in", () => {
    const targets = [bump("c3"), bump("c1"), bump("c2")];
    const groups = groupTargets(targets);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      label: "A",
      clientIds: ["c1", "c2", "c3"],
      disruptive: false,
      monthlyCostDelta: 0.6,
      differences: [],
    });
    expect(groupTargets([...targets].reverse())[0].key).toBe(groups[0].key);
  });

  it("splits clients whose change set also touches the HTTPS listener, largest group first, and says how they differ", () => {
    const listener = {
      action: "Modify",
      logicalId: "HttpsListener",
      resourceType: "AWS::ElasticLoadBalancingV2::Listener",
      replacement: "False",
    };
    const withCert = (id: string) => bump(id, { resourceChanges: [...alarms, listener] });
    const groups = groupTargets([withCert("c9"), bump("c1"), bump("c2"), bump("c3")]);
    expect(groups.map((g) => [g.label, g.clientIds.length])).toEqual([
      ["A", 3],
      ["B", 1],
    ]);
    expect(groups[1].differences).toEqual(["also changes HttpsListener"]);
    expect(groupsSentence(groups)).toBe("3 clients: diff A · 1 client: diff B (also changes HttpsListener)");
  });

  it("groups a client's own parameter values by whether they change, not by value", () => {
    const cert = (id: string, arn: string) => bump(id, { parameterChanges: [{ key: "CertificateArn", from: "", to: arn }] });
    expect(groupTargets([cert("a", "arn:1"), cert("b", "arn:2")])).toHaveLength(2);
    expect(groupTargets([cert("a", "arn:1"), cert("b", "arn:2")], { perClientParameters: ["CertificateArn"] })).toHaveLength(1);
  });

  it("names replacements and disruptive parameters in plain language", () => {
    const db = { action: "Modify", logicalId: "Database", resourceType: "AWS::RDS::DBInstance", replacement: "True" };
    const [group] = groupTargets(
      [bump("c1", { resourceChanges: [db], parameterChanges: [{ key: "DbInstanceClass", from: "db.t4g.small", to: "db.t4g.medium" }] })],
      {
        disruptiveParameters: ["DbInstanceClass"],
      },
    );
    expect(group.disruptive).toBe(true);
    expect(group.disruptions).toEqual([
      "Database: The database will be replaced — data is restored from a snapshot only.",
      "DbInstanceClass changes from db.t4g.small to db.t4g.medium: the change waits for the maintenance window.",
    ]);
  });

  it.each([
    [0, "A"],
    [25, "Z"],
    [26, "AA"],
    [27, "AB"],
    [701, "ZZ"],
    [702, "AAA"],
  ])("labels group %i as %s", (index, label) => {
    expect(groupLabel(index)).toBe(label);
  });
});
