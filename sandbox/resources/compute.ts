// Load balancing, auto scaling, IAM and a few common application services.
import { arn, generatedName, hex, nameFrom, str, type ResourceBehavior, type ResourceContext } from "./types";

/** ELBv2 names: at most 32 characters, letters, digits and hyphens. */
function elbName(ctx: ResourceContext): string {
  const custom = ctx.properties.Name;
  if (typeof custom === "string" && custom) return custom;
  return generatedName({ ...ctx, stackName: ctx.stackName.slice(0, 5), logicalId: ctx.logicalId.slice(0, 5) }, 32);
}

function lbArn(ctx: ResourceContext): string {
  const kind =
    str(ctx.properties.Type, "application") === "network" ? "net" : str(ctx.properties.Type, "application") === "gateway" ? "gwy" : "app";
  return arn(ctx, "elasticloadbalancing", `loadbalancer/${kind}/${elbName(ctx)}/${hex(16)}`);
}

export const compute: Record<string, ResourceBehavior> = {
  "AWS::ElasticLoadBalancingV2::LoadBalancer": {
    physicalId: lbArn,
    nameProperty: "Name",
    attributes: (ctx, id) => {
      const fullName = id.split(":loadbalancer/")[1];
      const name = fullName.split("/")[1];
      const internal = str(ctx.properties.Scheme) === "internal";
      return {
        LoadBalancerArn: id,
        LoadBalancerFullName: fullName,
        LoadBalancerName: name,
        DNSName: `${internal ? "internal-" : ""}${name}-${parseInt(hex(8), 16)}.${ctx.region}.elb.amazonaws.com`,
        CanonicalHostedZoneID: "Z35SXDOTRQ7X7K",
        SecurityGroups: Array.isArray(ctx.properties.SecurityGroups) ? ctx.properties.SecurityGroups : [],
      };
    },
    durations: { create: 180, update: 30, delete: 60 },
  },
  "AWS::ElasticLoadBalancingV2::TargetGroup": {
    physicalId: (ctx) => arn(ctx, "elasticloadbalancing", `targetgroup/${elbName(ctx)}/${hex(16)}`),
    nameProperty: "Name",
    attributes: (_ctx, id) => {
      const fullName = id.split(":")[5];
      return { TargetGroupArn: id, TargetGroupFullName: fullName, TargetGroupName: fullName.split("/")[1], LoadBalancerArns: [] };
    },
    durations: { create: 15, update: 10, delete: 10 },
  },
  "AWS::ElasticLoadBalancingV2::Listener": {
    physicalId: (ctx) => {
      const lb = str(ctx.properties.LoadBalancerArn).split(":loadbalancer/")[1] ?? `app/lb/${hex(16)}`;
      return arn(ctx, "elasticloadbalancing", `listener/${lb}/${hex(16)}`);
    },
    attributes: (_ctx, id) => ({ ListenerArn: id }),
    durations: { create: 5, update: 5, delete: 5 },
  },
  "AWS::ElasticLoadBalancingV2::ListenerRule": {
    physicalId: (ctx) => {
      const l = str(ctx.properties.ListenerArn).split(":listener/")[1] ?? `app/lb/${hex(16)}/${hex(16)}`;
      return arn(ctx, "elasticloadbalancing", `listener-rule/${l}/${hex(16)}`);
    },
    attributes: (_ctx, id) => ({ RuleArn: id, IsDefault: false }),
    durations: { create: 5, update: 5, delete: 5 },
  },
  "AWS::AutoScaling::AutoScalingGroup": {
    physicalId: (ctx) => nameFrom(ctx, "AutoScalingGroupName", 255),
    nameProperty: "AutoScalingGroupName",
    attributes: (ctx, id) => ({
      AutoScalingGroupARN: arn(
        ctx,
        "autoscaling",
        `autoScalingGroup:${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}:autoScalingGroupName/${id}`,
      ),
    }),
    durations: { create: 90, update: 60, delete: 120 },
  },
  "AWS::AutoScaling::ScalingPolicy": {
    physicalId: (ctx) =>
      arn(
        ctx,
        "autoscaling",
        `scalingPolicy:${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}:autoScalingGroupName/${str(ctx.properties.AutoScalingGroupName)}:policyName/${generatedName(ctx, 255)}`,
      ),
    attributes: (_ctx, id) => ({ Arn: id, PolicyName: id.split("policyName/")[1] }),
    durations: { create: 5, update: 5, delete: 5 },
  },
  "AWS::AutoScaling::LaunchConfiguration": {
    physicalId: (ctx) => nameFrom(ctx, "LaunchConfigurationName", 255),
    nameProperty: "LaunchConfigurationName",
  },
  "AWS::IAM::Role": {
    physicalId: (ctx) => nameFrom(ctx, "RoleName", 64),
    nameProperty: "RoleName",
    attributes: (ctx, id) => ({
      Arn: arn(ctx, "iam", `role${str(ctx.properties.Path, "/")}${id}`, { region: false }),
      RoleId: `AROA${hex(17).toUpperCase()}`,
    }),
    durations: { create: 15, update: 10, delete: 15 },
  },
  "AWS::IAM::InstanceProfile": {
    physicalId: (ctx) => nameFrom(ctx, "InstanceProfileName", 128),
    nameProperty: "InstanceProfileName",
    attributes: (ctx, id) => ({ Arn: arn(ctx, "iam", `instance-profile${str(ctx.properties.Path, "/")}${id}`, { region: false }) }),
    // Real instance profiles take about two minutes to propagate.
    durations: { create: 120, update: 10, delete: 30 },
  },
  "AWS::IAM::Policy": {
    physicalId: (ctx) => `${ctx.stackName.slice(0, 5)}-${ctx.logicalId.slice(0, 10)}-${hex(12).toUpperCase()}`,
    durations: { create: 15, update: 15, delete: 15 },
  },
  "AWS::IAM::ManagedPolicy": {
    physicalId: (ctx) => arn(ctx, "iam", `policy/${nameFrom(ctx, "ManagedPolicyName", 128)}`, { region: false }),
    nameProperty: "ManagedPolicyName",
    attributes: (ctx, id) => ({
      PolicyArn: id,
      PolicyId: `ANPA${hex(17).toUpperCase()}`,
      AttachmentCount: 0,
      CreateDate: new Date().toISOString(),
      DefaultVersionId: "v1",
      IsAttachable: true,
      PermissionsBoundaryUsageCount: 0,
      UpdateDate: new Date().toISOString(),
    }),
  },
  "AWS::Logs::LogGroup": {
    physicalId: (ctx) => nameFrom(ctx, "LogGroupName", 512),
    nameProperty: "LogGroupName",
    attributes: (ctx, id) => ({ Arn: arn(ctx, "logs", `log-group:${id}:*`) }),
    durations: { create: 3, update: 3, delete: 3 },
  },
  "AWS::SNS::Topic": {
    physicalId: (ctx) => arn(ctx, "sns", nameFrom(ctx, "TopicName", 256)),
    nameProperty: "TopicName",
    attributes: (_ctx, id) => ({ TopicArn: id, TopicName: id.split(":").pop()! }),
  },
  "AWS::SQS::Queue": {
    physicalId: (ctx) => `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${nameFrom(ctx, "QueueName", 80)}`,
    nameProperty: "QueueName",
    attributes: (ctx, id) => ({ Arn: arn(ctx, "sqs", id.split("/").pop()!), QueueName: id.split("/").pop()!, QueueUrl: id }),
  },
  "AWS::Lambda::Function": {
    physicalId: (ctx) => nameFrom(ctx, "FunctionName", 64),
    nameProperty: "FunctionName",
    attributes: (ctx, id) => ({ Arn: arn(ctx, "lambda", `function:${id}`), SnapStartResponse: {} }),
    durations: { create: 10, update: 10, delete: 5 },
  },
  "AWS::CloudWatch::Alarm": {
    physicalId: (ctx) => nameFrom(ctx, "AlarmName", 255),
    nameProperty: "AlarmName",
    attributes: (ctx, id) => ({ Arn: arn(ctx, "cloudwatch", `alarm:${id}`) }),
    durations: { create: 3, update: 3, delete: 3 },
  },
  "AWS::KMS::Key": {
    physicalId: () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    attributes: (ctx, id) => ({ Arn: arn(ctx, "kms", `key/${id}`), KeyId: id }),
    durations: { create: 10, update: 5, delete: 5 },
  },
  "AWS::SSM::Parameter": {
    physicalId: (ctx) => nameFrom(ctx, "Name", 2048),
    nameProperty: "Name",
    attributes: (ctx) => ({ Type: str(ctx.properties.Type, "String"), Value: str(ctx.properties.Value) }),
    durations: { create: 2, update: 2, delete: 2 },
  },
  "AWS::CloudFormation::WaitConditionHandle": {
    physicalId: (ctx) =>
      `https://cloudformation-waitcondition-${ctx.region}.s3.amazonaws.com/${encodeURIComponent(ctx.stackId)}/${ctx.logicalId}`,
    durations: { create: 1, update: 1, delete: 1 },
  },
};
