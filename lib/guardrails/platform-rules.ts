// Guardrails for the network edge, the instances, and what happens to data on delete/replace.
import { isJsonObject, type Json } from "../catalog";
import { asArray, get, isTrue, num, referencedResource, type GuardrailRule, type PolicyContext } from "./context";

type Problem = { resource: string; message: string };

const OPEN = new Set(["0.0.0.0/0", "::/0"]);
const WEB_PORTS = new Set([80, 443]);

/** Security groups attached to an internet-facing application load balancer. */
function internetAlbGroups(ctx: PolicyContext): Set<string> {
  const groups = new Set<string>();
  for (const lb of ctx.ofType("AWS::ElasticLoadBalancingV2::LoadBalancer")) {
    const scheme = lb.props.Scheme ?? "internet-facing"; // CloudFormation's default
    const type = lb.props.Type ?? "application";
    if (scheme !== "internet-facing" || type !== "application") continue;
    for (const sg of asArray(lb.props.SecurityGroups)) {
      const id = referencedResource(sg);
      if (id) groups.add(id);
    }
  }
  return groups;
}

function openRuleProblem(rule: Json, group: string | undefined, albGroups: Set<string>): string | undefined {
  const cidr = get(rule, "CidrIp") ?? get(rule, "CidrIpv6");
  if (typeof cidr !== "string" || !OPEN.has(cidr)) return undefined;
  if (!group || !albGroups.has(group)) return `open to the internet (${cidr}) but not a load balancer's security group`;
  const protocol = String(get(rule, "IpProtocol"));
  const from = num(get(rule, "FromPort"));
  const to = num(get(rule, "ToPort"));
  if ((protocol === "tcp" || protocol === "6") && from === to && WEB_PORTS.has(from)) return undefined;
  return `load balancer open to the internet beyond tcp 80/443 (${protocol} ${from}-${to})`;
}

export const platformRules: GuardrailRule[] = [
  {
    id: "sg-internet-ingress",
    severity: "error",
    description: "Only the internet-facing load balancer's security group accepts internet traffic, on tcp 80 and 443 only.",
    check: (ctx) => {
      const albGroups = internetAlbGroups(ctx);
      const inline = ctx.ofType("AWS::EC2::SecurityGroup").flatMap((sg) =>
        asArray(sg.props.SecurityGroupIngress).flatMap((rule): Problem[] => {
          const message = openRuleProblem(rule, sg.id, albGroups);
          return message ? [{ resource: sg.id, message }] : [];
        }),
      );
      const standalone = ctx.ofType("AWS::EC2::SecurityGroupIngress").flatMap((ing): Problem[] => {
        const message = openRuleProblem(ing.props, referencedResource(ing.props.GroupId), albGroups);
        return message ? [{ resource: ing.id, message }] : [];
      });
      return [...inline, ...standalone];
    },
  },
  {
    id: "ec2-imdsv2-required",
    severity: "error",
    description: "Instances require IMDSv2 session tokens (blocks SSRF credential theft).",
    check: (ctx) => [
      ...ctx
        .ofType("AWS::EC2::LaunchTemplate")
        .flatMap((lt): Problem[] =>
          get(lt.props, "LaunchTemplateData", "MetadataOptions", "HttpTokens") === "required"
            ? []
            : [{ resource: lt.id, message: "MetadataOptions.HttpTokens is not required" }],
        ),
      ...ctx
        .ofType("AWS::EC2::Instance")
        .flatMap((i): Problem[] =>
          get(i.props, "MetadataOptions", "HttpTokens") === "required" || i.props.LaunchTemplate !== undefined
            ? []
            : [{ resource: i.id, message: "MetadataOptions.HttpTokens is not required" }],
        ),
    ],
  },
  {
    id: "ebs-encrypted",
    severity: "warning",
    description: "Instance volumes are encrypted even where account-level default encryption is off.",
    check: (ctx) =>
      ctx.ofType("AWS::EC2::LaunchTemplate").flatMap((lt): Problem[] =>
        asArray(get(lt.props, "LaunchTemplateData", "BlockDeviceMappings"))
          .filter((m) => isJsonObject(get(m, "Ebs")) && !isTrue(get(m, "Ebs", "Encrypted")))
          .map((m) => ({ resource: lt.id, message: `volume ${String(get(m, "DeviceName"))} is not encrypted` })),
      ),
  },
  {
    id: "stateful-retention",
    severity: "error",
    description: "Deleting or replacing a database, cache or bucket keeps its data (Snapshot or Retain).",
    check: (ctx) => {
      const keeps: Record<string, string[]> = {
        "AWS::RDS::DBInstance": ["Snapshot", "Retain"],
        "AWS::RDS::DBCluster": ["Snapshot", "Retain"],
        "AWS::ElastiCache::ReplicationGroup": ["Snapshot", "Retain"],
        "AWS::ElastiCache::CacheCluster": ["Snapshot", "Retain"],
        "AWS::S3::Bucket": ["Retain"], // S3 has no snapshots
      };
      return ctx.ofType(...Object.keys(keeps)).flatMap((r): Problem[] =>
        ["DeletionPolicy", "UpdateReplacePolicy"].flatMap((attr): Problem[] => {
          const value = ctx.value(r.raw[attr]);
          return keeps[r.type].includes(String(value))
            ? []
            : [
                {
                  resource: r.id,
                  message: `${attr} is ${value === undefined ? "not set (Delete)" : String(value)}; use ${keeps[r.type].join(" or ")}`,
                },
              ];
        }),
      );
    },
  },
  {
    id: "alb-https-production",
    severity: "warning",
    description: "Production load balancers serve HTTPS.",
    check: (ctx) => {
      if (!ctx.strict) return [];
      const https = new Set(
        ctx
          .ofType("AWS::ElasticLoadBalancingV2::Listener")
          .filter((l) => l.props.Protocol === "HTTPS")
          .map((l) => referencedResource(l.props.LoadBalancerArn)),
      );
      return ctx
        .ofType("AWS::ElasticLoadBalancingV2::LoadBalancer")
        .filter(
          (lb) =>
            (lb.props.Scheme ?? "internet-facing") === "internet-facing" &&
            (lb.props.Type ?? "application") === "application" &&
            !https.has(lb.id),
        )
        .map((lb) => ({ resource: lb.id, message: "serves plain HTTP in production; set a certificate" }));
    },
  },
];
