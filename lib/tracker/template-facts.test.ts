import { describe, expect, it } from "vitest";
import { renderStack } from "../render";
import { expectedOutputs, expectedResources, protectedResources, replacementNote, stackPolicy } from "./template-facts";

const rendered = (sizeId: string) =>
  renderStack({
    blueprintId: "stateless-web",
    sizeId,
    client: { displayName: "Facts Co", environment: "production", region: "us-east-1", owner: "test" },
  });

describe("template facts", () => {
  it("counts the resources a size really creates (conditions applied)", () => {
    const medium = rendered("medium");
    const enterprise = rendered("enterprise");
    const count = (r: ReturnType<typeof rendered>) => expectedResources(r.body, JSON.stringify(r.parameters)).length;
    expect(count(medium)).toBe(medium.summary.resourceCount);
    expect(count(enterprise)).toBe(enterprise.summary.resourceCount);
    expect(count(enterprise)).toBeGreaterThan(count(medium));
  });

  it("finds the stateful resources to protect and the outputs to expect", () => {
    const r = rendered("medium");
    const ids = protectedResources(r.body);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(expectedOutputs(r.body).length).toBeGreaterThanOrEqual(5);
    const policy = stackPolicy(ids, [ids[0]]);
    expect(policy.Statement[1].Resource).toEqual(ids.slice(1).map((id) => `LogicalResourceId/${id}`));
  });

  it.each([
    ["AWS::RDS::DBInstance", "True", /database will be replaced — data is restored from a snapshot only/],
    ["AWS::RDS::DBInstance", "Conditional", /database may be replaced/],
    ["AWS::AutoScaling::AutoScalingGroup", "False", null],
  ])("explains replacement of %s (%s)", (type, replacement, expected) => {
    const note = replacementNote(type, replacement);
    if (expected) expect(note).toMatch(expected);
    else expect(note).toBeNull();
  });
});
