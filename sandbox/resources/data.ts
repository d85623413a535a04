// Data stores: RDS, ElastiCache, S3 and Secrets Manager.
import { arn, generatedName, hex, nameFrom, str, suffix, type ResourceBehavior, type ResourceContext } from "./types";
import { own } from "../own";

const DB_PORTS: Record<string, number> = {
  mysql: 3306,
  mariadb: 3306,
  postgres: 5432,
  "aurora-mysql": 3306,
  "aurora-postgresql": 5432,
  "sqlserver-ex": 1433,
  "oracle-se2": 1521,
};

const truthy = (v: unknown) => v === true || v === "true";

/** RDS and ElastiCache identifiers: lower case, letters/digits/hyphens, starting with a letter. */
function lowerId(ctx: ResourceContext, prop: string, max: number): string {
  const name = nameFrom(ctx, prop, max, { lower: true });
  return /^[a-z]/.test(name) ? name : `x${name}`.slice(0, max);
}

export const data: Record<string, ResourceBehavior> = {
  "AWS::RDS::DBInstance": {
    physicalId: (ctx) => lowerId(ctx, "DBInstanceIdentifier", 63),
    nameProperty: "DBInstanceIdentifier",
    attributes: (ctx, id) => {
      const engine = str(ctx.properties.Engine, "postgres");
      const port = ctx.properties.Port !== undefined ? Number(ctx.properties.Port) : (own(DB_PORTS, engine) ?? 5432);
      const attrs: Record<string, string | number> = {
        "Endpoint.Address": `${id}.c${hex(11)}.${ctx.region}.rds.amazonaws.com`,
        "Endpoint.Port": String(port),
        "Endpoint.HostedZoneId": "Z2R2ITUGPM61AM",
        DBInstanceArn: arn(ctx, "rds", `db:${id}`),
        DbiResourceId: `db-${suffix(26)}`,
      };
      if (truthy(ctx.properties.ManageMasterUserPassword)) {
        attrs["MasterUserSecret.SecretArn"] = arn(
          ctx,
          "secretsmanager",
          `secret:rds!db-${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}-${suffix(6)}`,
        );
      }
      return attrs;
    },
    // Multi-AZ instances are the slowest thing in the blueprint, as on AWS.
    duration: (ctx, action) => {
      const multiAz = truthy(ctx.properties.MultiAZ);
      if (action === "create") return multiAz ? 900 : 600;
      if (action === "update") return multiAz ? 400 : 250;
      return multiAz ? 400 : 300;
    },
  },
  "AWS::RDS::DBSubnetGroup": {
    physicalId: (ctx) => lowerId(ctx, "DBSubnetGroupName", 255),
    nameProperty: "DBSubnetGroupName",
    durations: { create: 5, update: 5, delete: 5 },
  },
  "AWS::RDS::DBParameterGroup": { physicalId: (ctx) => lowerId(ctx, "DBParameterGroupName", 255), nameProperty: "DBParameterGroupName" },
  "AWS::RDS::DBCluster": {
    physicalId: (ctx) => lowerId(ctx, "DBClusterIdentifier", 63),
    nameProperty: "DBClusterIdentifier",
    attributes: (ctx, id) => ({
      "Endpoint.Address": `${id}.cluster-c${hex(11)}.${ctx.region}.rds.amazonaws.com`,
      "Endpoint.Port": String(ctx.properties.Port ?? 5432),
      "ReadEndpoint.Address": `${id}.cluster-ro-c${hex(11)}.${ctx.region}.rds.amazonaws.com`,
      DBClusterArn: arn(ctx, "rds", `cluster:${id}`),
      DBClusterResourceId: `cluster-${suffix(26)}`,
    }),
    durations: { create: 300, update: 120, delete: 300 },
  },
  "AWS::ElastiCache::ReplicationGroup": {
    physicalId: (ctx) => lowerId(ctx, "ReplicationGroupId", 40),
    nameProperty: "ReplicationGroupId",
    attributes: (ctx, id) => {
      const port = String(ctx.properties.Port ?? 6379);
      const host = `${hex(6)}.ng.0001.${ctx.region.replace(/^(\w)\w*-(\w)\w*-(\d)$/, "$1$2$3")}.cache.amazonaws.com`;
      const clusterMode = str(ctx.properties.ClusterMode) === "enabled" || Number(ctx.properties.NumNodeGroups ?? 1) > 1;
      const attrs: Record<string, string> = {
        "PrimaryEndPoint.Address": `master.${id}.${host}`,
        "PrimaryEndPoint.Port": port,
        "ReaderEndPoint.Address": `replica.${id}.${host}`,
        "ReaderEndPoint.Port": port,
        "ReadEndPoint.Addresses": `${id}-001.${host},${id}-002.${host}`,
        "ReadEndPoint.Ports": `${port},${port}`,
      };
      if (clusterMode) {
        attrs["ConfigurationEndPoint.Address"] = `clustercfg.${id}.${host}`;
        attrs["ConfigurationEndPoint.Port"] = port;
      }
      return attrs;
    },
    duration: (ctx, action) => {
      const replicas = Number(ctx.properties.NumCacheClusters ?? 1);
      if (action === "create") return replicas > 1 ? 720 : 480;
      return action === "update" ? 300 : 240;
    },
  },
  "AWS::ElastiCache::SubnetGroup": {
    physicalId: (ctx) => lowerId(ctx, "CacheSubnetGroupName", 255),
    nameProperty: "CacheSubnetGroupName",
    durations: { create: 5, update: 5, delete: 5 },
  },
  "AWS::S3::Bucket": {
    physicalId: (ctx) => lowerId(ctx, "BucketName", 63),
    nameProperty: "BucketName",
    attributes: (ctx, id) => ({
      Arn: `arn:aws:s3:::${id}`,
      DomainName: `${id}.s3.amazonaws.com`,
      DualStackDomainName: `${id}.s3.dualstack.${ctx.region}.amazonaws.com`,
      RegionalDomainName: `${id}.s3.${ctx.region}.amazonaws.com`,
      WebsiteURL: `http://${id}.s3-website-${ctx.region}.amazonaws.com`,
    }),
    durations: { create: 20, update: 10, delete: 20 },
  },
  "AWS::S3::BucketPolicy": {
    physicalId: (ctx) => generatedName(ctx, 64),
    durations: { create: 3, update: 3, delete: 3 },
  },
  "AWS::SecretsManager::Secret": {
    physicalId: (ctx) => arn(ctx, "secretsmanager", `secret:${nameFrom(ctx, "Name", 256)}-${suffix(6)}`),
    nameProperty: "Name",
    attributes: (_ctx, id) => ({ Id: id }),
    durations: { create: 3, update: 3, delete: 3 },
  },
  "AWS::DynamoDB::Table": {
    physicalId: (ctx) => nameFrom(ctx, "TableName", 255),
    nameProperty: "TableName",
    attributes: (ctx, id) => ({
      Arn: arn(ctx, "dynamodb", `table/${id}`),
      StreamArn: arn(ctx, "dynamodb", `table/${id}/stream/${new Date().toISOString()}`),
    }),
    durations: { create: 20, update: 20, delete: 20 },
  },
};
