import { describe, expect, it } from "vitest";
import { parseCfnYaml } from "../catalog";
import { renderStack, validateTemplate } from "./index";

// A small valid template; each case below breaks one thing in it.
const VALID = `
Parameters:
  Env: { Type: String, Default: staging }
Mappings:
  Ports: { postgres: { Port: 5432 } }
Conditions:
  IsProd: !Equals [!Ref Env, production]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      Tags: [{ Key: Name, Value: !Sub "\${AWS::StackName}-\${Env}-\${!Literal}" }]
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !If [IsProd, prod, other]
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: !FindInMap [Ports, postgres, Port], ToPort: 5432, CidrIp: 10.0.0.0/16 }
  Db:
    Type: AWS::RDS::DBInstance
    DependsOn: Subnet
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      VPCSecurityGroups: [!GetAtt Group.GroupId]
Outputs:
  Endpoint:
    Value: !Sub
      - "\${Db.Endpoint.Address}:\${Port}"
      - Port: !GetAtt Db.Endpoint.Port
`;

const valid = () => parseCfnYaml(VALID);

describe("validateTemplate", () => {
  it("accepts a valid template and every rendered size", () => {
    expect(validateTemplate(valid())).toEqual([]);
    for (const sizeId of ["small", "medium", "large", "enterprise"]) {
      const { template } = renderStack({
        blueprintId: "stateless-web",
        sizeId,
        client: { displayName: "Acme", environment: "staging", region: "us-east-1", owner: "ops" },
      });
      expect(validateTemplate(template)).toEqual([]);
    }
  });

  it.each<[string, (yaml: string) => string, string, RegExp]>([
    [
      "unknown resource type",
      (y) => y.replace("AWS::EC2::VPC", "AWS::EC2::Vpcx"),
      "Resources.Vpc.Type",
      /unknown resource type AWS::EC2::Vpcx/,
    ],
    [
      "unknown property",
      (y) => y.replace("Properties: { CidrBlock: 10.0.0.0/16 }", "Properties: { CidrBlock: 10.0.0.0/16, Colour: red }"),
      "Resources.Vpc.Properties.Colour",
      /has no property Colour/,
    ],
    [
      "missing required property",
      (y) => y.replace("      VpcId: !Ref Vpc\n      CidrBlock", "      CidrBlock"),
      "Resources.Subnet.Properties",
      /missing required property VpcId/,
    ],
    [
      "dangling Ref",
      (y) => y.replace("      VpcId: !Ref Vpc\n      SecurityGroupIngress", "      VpcId: !Ref Vpcc\n      SecurityGroupIngress"),
      "Resources.Group.Properties.VpcId.Ref",
      /Ref to Vpcc/,
    ],
    [
      "dangling GetAtt resource",
      (y) => y.replace("!GetAtt Group.GroupId", "!GetAtt Groups.GroupId"),
      "Resources.Db.Properties.VPCSecurityGroups[0].Fn::GetAtt",
      /GetAtt of Groups, which is not a resource/,
    ],
    [
      "GetAtt of an attribute the type lacks",
      (y) => y.replace("!GetAtt Group.GroupId", "!GetAtt Group.Arn"),
      "Resources.Db.Properties.VPCSecurityGroups[0].Fn::GetAtt",
      /AWS::EC2::SecurityGroup has no attribute Arn/,
    ],
    ["dangling Sub variable", (y) => y.replace("${Env}", "${Envv}"), "Resources.Subnet.Properties.Tags[0].Value.Fn::Sub", /Ref to Envv/],
    [
      "Sub of a missing attribute",
      (y) => y.replace("${Db.Endpoint.Address}", "${Db.Endpoint.Host}"),
      "Outputs.Endpoint.Value.Fn::Sub",
      /no attribute Endpoint.Host/,
    ],
    [
      "unknown condition in Fn::If",
      (y) => y.replace("!If [IsProd,", "!If [IsProduction,"),
      "Resources.Group.Properties.GroupDescription.Fn::If",
      /unknown condition IsProduction/,
    ],
    [
      "unknown resource Condition",
      (y) => y.replace("    Type: AWS::RDS::DBInstance\n", "    Type: AWS::RDS::DBInstance\n    Condition: Nope\n"),
      "Resources.Db.Condition",
      /unknown condition Nope/,
    ],
    [
      "condition referring to a resource",
      (y) => y.replace("!Equals [!Ref Env, production]", "!Equals [!Ref Vpc, production]"),
      "Conditions.IsProd.Fn::Equals[0].Ref",
      /not a parameter/,
    ],
    [
      "unknown mapping",
      (y) => y.replace("!FindInMap [Ports,", "!FindInMap [Port,"),
      "Resources.Group.Properties.SecurityGroupIngress[0].FromPort.Fn::FindInMap",
      /unknown mapping Port/,
    ],
    [
      "unknown mapping key",
      (y) => y.replace("[Ports, postgres, Port]", "[Ports, mysql, Port]"),
      "Resources.Group.Properties.SecurityGroupIngress[0].FromPort.Fn::FindInMap",
      /has no key mysql/,
    ],
    [
      "DependsOn a missing resource",
      (y) => y.replace("DependsOn: Subnet", "DependsOn: [Subnet, Ghost]"),
      "Resources.Db.DependsOn",
      /Ghost, which is not a resource/,
    ],
    [
      "cycle through references",
      (y) => y.replace("Properties: { CidrBlock: 10.0.0.0/16 }", "Properties: { CidrBlock: !GetAtt Subnet.CidrBlock }"),
      "Resources.Subnet",
      /dependency cycle: Subnet → Vpc → Subnet/,
    ],
    [
      "cycle through DependsOn",
      (y) => y.replace("    Type: AWS::EC2::VPC\n", "    Type: AWS::EC2::VPC\n    DependsOn: Db\n"),
      "Resources.Db",
      /dependency cycle: Db → Group → Vpc → Db|dependency cycle: Db → Subnet → Vpc → Db/,
    ],
  ])("catches %s", (_name, breakIt, path, message) => {
    const broken = breakIt(VALID);
    expect(broken).not.toBe(VALID);
    expect(validateTemplate(parseCfnYaml(broken))).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it("needs at least one resource", () => {
    expect(validateTemplate({ Resources: {} })).toEqual([{ path: "Resources", message: "a template needs at least one resource" }]);
  });
});
