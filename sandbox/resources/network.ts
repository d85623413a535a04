// EC2 networking: VPC, subnets, routing, gateways, addresses, security groups, endpoints.
import { arn, hex, str, type ResourceBehavior } from "./types";

const ec2Id = (prefix: string) => () => `${prefix}-${hex(17)}`;

function publicIp(): string {
  const b = Buffer.from(hex(6), "hex");
  return `${[3, 18, 34, 44, 52, 54][b[0] % 6]}.${b[1]}.${b[2]}.${1 + (b[3] % 254)}`;
}

export const network: Record<string, ResourceBehavior> = {
  "AWS::EC2::VPC": {
    physicalId: ec2Id("vpc"),
    attributes: (ctx, id) => ({
      VpcId: id,
      CidrBlock: str(ctx.properties.CidrBlock, "10.0.0.0/16"),
      CidrBlockAssociations: [`vpc-cidr-assoc-${hex(17)}`],
      DefaultNetworkAcl: `acl-${hex(17)}`,
      DefaultSecurityGroup: `sg-${hex(17)}`,
      Ipv6CidrBlocks: [],
    }),
    durations: { create: 15, update: 5, delete: 10 },
  },
  "AWS::EC2::Subnet": {
    physicalId: ec2Id("subnet"),
    attributes: (ctx, id) => ({
      SubnetId: id,
      VpcId: str(ctx.properties.VpcId),
      AvailabilityZone: str(ctx.properties.AvailabilityZone, `${ctx.region}a`),
      AvailabilityZoneId: `use1-az${1 + (str(ctx.properties.AvailabilityZone, "a").charCodeAt(str(ctx.properties.AvailabilityZone, "a").length - 1) % 6)}`,
      CidrBlock: str(ctx.properties.CidrBlock),
      Ipv6CidrBlocks: [],
      NetworkAclAssociationId: `aclassoc-${hex(17)}`,
      OutpostArn: "",
    }),
    durations: { create: 5, update: 3, delete: 5 },
  },
  "AWS::EC2::RouteTable": {
    physicalId: ec2Id("rtb"),
    attributes: (_ctx, id) => ({ RouteTableId: id }),
    durations: { create: 3, update: 2, delete: 3 },
  },
  "AWS::EC2::Route": {
    physicalId: (ctx) =>
      `${str(ctx.properties.RouteTableId)}|${str(ctx.properties.DestinationCidrBlock ?? ctx.properties.DestinationIpv6CidrBlock, "0.0.0.0/0")}`,
    durations: { create: 3, update: 2, delete: 3 },
  },
  "AWS::EC2::SubnetRouteTableAssociation": {
    physicalId: ec2Id("rtbassoc"),
    attributes: (_ctx, id) => ({ Id: id }),
    durations: { create: 3, update: 3, delete: 3 },
  },
  "AWS::EC2::InternetGateway": {
    physicalId: ec2Id("igw"),
    attributes: (_ctx, id) => ({ InternetGatewayId: id }),
    durations: { create: 15, update: 2, delete: 10 },
  },
  "AWS::EC2::VPCGatewayAttachment": {
    physicalId: (ctx) => `IGW|${str(ctx.properties.VpcId)}`,
    durations: { create: 15, update: 15, delete: 15 },
  },
  "AWS::EC2::EIP": {
    physicalId: publicIp,
    attributes: (_ctx, id) => ({ AllocationId: `eipalloc-${hex(17)}`, PublicIp: id }),
    durations: { create: 5, update: 2, delete: 5 },
  },
  "AWS::EC2::NatGateway": {
    physicalId: ec2Id("nat"),
    attributes: (_ctx, id) => ({ NatGatewayId: id }),
    durations: { create: 100, update: 5, delete: 60 },
  },
  "AWS::EC2::SecurityGroup": {
    physicalId: ec2Id("sg"),
    attributes: (ctx, id) => ({ GroupId: id, Id: id, VpcId: str(ctx.properties.VpcId) }),
    durations: { create: 6, update: 4, delete: 10 },
  },
  "AWS::EC2::SecurityGroupIngress": {
    physicalId: ec2Id("sgr"),
    attributes: (_c, id) => ({ Id: id }),
    durations: { create: 3, update: 3, delete: 3 },
  },
  "AWS::EC2::SecurityGroupEgress": {
    physicalId: ec2Id("sgr"),
    attributes: (_c, id) => ({ Id: id }),
    durations: { create: 3, update: 3, delete: 3 },
  },
  "AWS::EC2::VPCEndpoint": {
    physicalId: ec2Id("vpce"),
    attributes: (ctx, id) => {
      const service = str(ctx.properties.ServiceName).split(".").pop() ?? "s3";
      const gateway = str(ctx.properties.VpcEndpointType, "Gateway") === "Gateway";
      return {
        Id: id,
        CreationTimestamp: new Date().toISOString(),
        DnsEntries: gateway ? [] : [`Z7HUB22UULQXV:${id}-${hex(8)}.${service}.${ctx.region}.vpce.amazonaws.com`],
        NetworkInterfaceIds: gateway ? [] : [`eni-${hex(17)}`],
      };
    },
    durations: { create: 60, update: 30, delete: 30 },
  },
  "AWS::EC2::NetworkAcl": { physicalId: ec2Id("acl"), attributes: (_c, id) => ({ Id: id }) },
  "AWS::EC2::FlowLog": { physicalId: ec2Id("fl"), attributes: (_c, id) => ({ Id: id }) },
  "AWS::EC2::Instance": {
    physicalId: ec2Id("i"),
    attributes: (ctx, id) => ({
      InstanceId: id,
      AvailabilityZone: str(ctx.properties.AvailabilityZone, `${ctx.region}a`),
      PrivateIp: `10.0.${parseInt(hex(2), 16) % 255}.${1 + (parseInt(hex(2), 16) % 254)}`,
      PrivateDnsName: `ip-10-0-0-1.${ctx.region}.compute.internal`,
      PublicIp: publicIp(),
      PublicDnsName: `ec2-${publicIp().replace(/\./g, "-")}.compute-1.amazonaws.com`,
      VpcId: "",
    }),
    durations: { create: 40, update: 30, delete: 60 },
  },
  "AWS::EC2::LaunchTemplate": {
    physicalId: ec2Id("lt"),
    nameProperty: "LaunchTemplateName",
    attributes: (_ctx, id) => ({ LaunchTemplateId: id, DefaultVersionNumber: "1", LatestVersionNumber: "1" }),
    // Every in-place update publishes a new version.
    updatedAttributes: (ctx) => ({ LatestVersionNumber: String(Number(ctx.previous?.attributes.LatestVersionNumber ?? 0) + 1) }),
    durations: { create: 5, update: 5, delete: 5 },
  },
  "AWS::Route53::HostedZone": {
    physicalId: () => `Z${hex(20).toUpperCase()}`,
    attributes: (_ctx, id) => ({
      Id: id,
      NameServers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"],
    }),
    durations: { create: 40, update: 30, delete: 40 },
  },
  "AWS::Route53::RecordSet": {
    physicalId: (ctx) => str(ctx.properties.Name, `${ctx.logicalId.toLowerCase()}.example.com`),
    durations: { create: 40, update: 40, delete: 40 },
  },
  "AWS::CertificateManager::Certificate": {
    physicalId: (ctx) => arn(ctx, "acm", `certificate/${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`),
    durations: { create: 60, update: 10, delete: 10 },
  },
};
