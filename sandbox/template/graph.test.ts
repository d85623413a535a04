import { describe, expect, it } from "vitest";
import { restrictDeps } from "../engine/plan";
import { assertAcyclic, dependents, resourceDependencies, topologicalOrder } from "./graph";
import { parseTemplate } from "./parse";

describe("dependency graph", () => {
  const t = parseTemplate(`
Resources:
  Vpc: { Type: AWS::EC2::VPC }
  Subnet: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc } }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { VpcId: !GetAtt Vpc.VpcId } }
  Db: { Type: AWS::RDS::DBInstance, DependsOn: [Sg], Properties: { Name: !Sub "\${Subnet}" } }
`);
  const deps = resourceDependencies(t, Object.keys(t.Resources));

  it("collects Ref, GetAtt, Sub and DependsOn edges", () => {
    expect(deps).toEqual({ Vpc: [], Subnet: ["Vpc"], Sg: ["Vpc"], Db: ["Sg", "Subnet"] });
  });
  it("orders dependencies first", () => {
    const order = topologicalOrder(deps);
    expect(order.indexOf("Vpc")).toBeLessThan(order.indexOf("Subnet"));
    expect(order.at(-1)).toBe("Db");
  });
  it("inverts edges for deletion", () => {
    expect(dependents(deps).Vpc.sort()).toEqual(["Sg", "Subnet"]);
  });
  it("restricts to a subset, bridging removed nodes", () => {
    expect(restrictDeps(deps, ["Vpc", "Db"])).toEqual({ Vpc: [], Db: ["Vpc"] });
  });
  it("names every resource on a cycle", () => {
    expect(() => assertAcyclic({ A: ["B"], B: ["C"], C: ["A"], D: ["A"] })).toThrow("Circular dependency between resources: [A, B, C]");
    expect(() => assertAcyclic({ A: ["A"] })).toThrow("[A]");
    expect(() => assertAcyclic(deps)).not.toThrow();
  });
});
