// Guardrails for where client data lives: the bucket, the database and the cache.
import { isJsonObject } from "../catalog";
import { asArray, get, isFalse, isTrue, num, referencedResource, type GuardrailRule } from "./context";

type Problem = { resource: string; message: string };

const RDS_INSTANCE = "AWS::RDS::DBInstance";
const RDS_CLUSTER = "AWS::RDS::DBCluster";
/** Instances inside an Aurora cluster take storage, backup and Multi-AZ settings from the cluster. */
const standalone = (props: Record<string, unknown>) => props.DBClusterIdentifier === undefined;

export const dataRules: GuardrailRule[] = [
  {
    id: "s3-public-access-blocked",
    severity: "error",
    description: "Buckets block every form of public access.",
    check: (ctx) =>
      ctx.ofType("AWS::S3::Bucket").flatMap((b): Problem[] => {
        const pab = b.props.PublicAccessBlockConfiguration;
        const missing = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"].filter(
          (k) => !isTrue(get(pab, k)),
        );
        return missing.length ? [{ resource: b.id, message: `public access is not fully blocked (${missing.join(", ")} not true)` }] : [];
      }),
  },
  {
    id: "s3-encrypted",
    severity: "error",
    description: "Buckets declare default encryption.",
    check: (ctx) =>
      ctx.ofType("AWS::S3::Bucket").flatMap((b): Problem[] => {
        const rules = asArray(get(b.props, "BucketEncryption", "ServerSideEncryptionConfiguration"));
        const ok =
          rules.length > 0 &&
          rules.every((r) =>
            ["AES256", "aws:kms", "aws:kms:dsse"].includes(String(get(r, "ServerSideEncryptionByDefault", "SSEAlgorithm"))),
          );
        return ok ? [] : [{ resource: b.id, message: "no default encryption (BucketEncryption with AES256 or aws:kms)" }];
      }),
  },
  {
    id: "s3-tls-only",
    severity: "error",
    description: "Bucket policies deny requests that do not use TLS.",
    check: (ctx) => {
      const denied = new Set(
        ctx
          .ofType("AWS::S3::BucketPolicy")
          .flatMap((p) =>
            asArray(get(p.props, "PolicyDocument", "Statement")).some(
              (s) => get(s, "Effect") === "Deny" && isFalse(get(s, "Condition", "Bool", "aws:SecureTransport")),
            )
              ? [referencedResource(p.props.Bucket)]
              : [],
          ),
      );
      return ctx
        .ofType("AWS::S3::Bucket")
        .flatMap((b): Problem[] =>
          denied.has(b.id) ? [] : [{ resource: b.id, message: "no bucket policy denies aws:SecureTransport=false" }],
        );
    },
  },
  {
    id: "rds-encrypted",
    severity: "error",
    description: "Database storage is encrypted.",
    check: (ctx) =>
      [...ctx.ofType(RDS_INSTANCE).filter((r) => standalone(r.props)), ...ctx.ofType(RDS_CLUSTER)].flatMap((r): Problem[] =>
        isTrue(r.props.StorageEncrypted) ? [] : [{ resource: r.id, message: "StorageEncrypted is not true" }],
      ),
  },
  {
    id: "rds-not-public",
    severity: "error",
    description: "Databases are not publicly accessible.",
    check: (ctx) =>
      ctx.ofType(RDS_INSTANCE).flatMap((r): Problem[] =>
        // Absent means "depends on the subnet group", which is not a guarantee: require an explicit false.
        isFalse(r.props.PubliclyAccessible) ? [] : [{ resource: r.id, message: "PubliclyAccessible must be set to false" }],
      ),
  },
  {
    id: "rds-backup-retention",
    severity: "error",
    description: "Automated backups are kept at least 7 days.",
    check: (ctx) =>
      [...ctx.ofType(RDS_INSTANCE).filter((r) => standalone(r.props)), ...ctx.ofType(RDS_CLUSTER)].flatMap((r): Problem[] => {
        const days = r.props.BackupRetentionPeriod === undefined ? 1 : num(r.props.BackupRetentionPeriod);
        return days >= 7
          ? []
          : [
              {
                resource: r.id,
                message: `backups are kept ${Number.isNaN(days) ? "an unknown number of" : days} day(s); at least 7 required`,
              },
            ];
      }),
  },
  {
    id: "rds-multi-az-production",
    severity: "error",
    description: "Production databases are Multi-AZ.",
    check: (ctx) =>
      !ctx.strict
        ? []
        : ctx
            .ofType(RDS_INSTANCE)
            .filter((r) => standalone(r.props))
            .flatMap((r): Problem[] =>
              isTrue(r.props.MultiAZ)
                ? []
                : [
                    {
                      resource: r.id,
                      message: `database is single-AZ in ${ctx.environment ?? "an unknown environment (treated as production)"}`,
                    },
                  ],
            ),
  },
  {
    id: "rds-deletion-protection-production",
    severity: "error",
    description: "Production databases have deletion protection.",
    check: (ctx) =>
      !ctx.strict
        ? []
        : [...ctx.ofType(RDS_INSTANCE).filter((r) => standalone(r.props)), ...ctx.ofType(RDS_CLUSTER)].flatMap((r): Problem[] =>
            isTrue(r.props.DeletionProtection) ? [] : [{ resource: r.id, message: "DeletionProtection is not true in production" }],
          ),
  },
  {
    id: "rds-no-plaintext-password",
    severity: "error",
    description: "Database passwords never appear in the template or its parameters.",
    check: (ctx) =>
      [...ctx.ofType(RDS_INSTANCE), ...ctx.ofType(RDS_CLUSTER)].flatMap((r): Problem[] => {
        const raw = get(r.raw, "Properties", "MasterUserPassword");
        if (raw === undefined) return [];
        // Dynamic references are resolved by CloudFormation at deploy time and never stored.
        if (typeof raw === "string" && /^\{\{resolve:(secretsmanager|ssm-secure):/.test(raw)) return [];
        const param = isJsonObject(raw) && typeof raw.Ref === "string" ? get(ctx.template, "Parameters", raw.Ref) : undefined;
        if (param && isTrue(get(param, "NoEcho")) && get(param, "Default") === undefined) return [];
        return [
          {
            resource: r.id,
            message: "MasterUserPassword is in the template; use ManageMasterUserPassword or a Secrets Manager dynamic reference",
          },
        ];
      }),
  },
  {
    id: "cache-encrypted-in-transit",
    severity: "error",
    description: "Redis requires TLS from clients.",
    check: (ctx) => [
      ...ctx.ofType("AWS::ElastiCache::ReplicationGroup").flatMap((r): Problem[] => {
        if (!isTrue(r.props.TransitEncryptionEnabled)) return [{ resource: r.id, message: "TransitEncryptionEnabled is not true" }];
        return r.props.TransitEncryptionMode === "preferred"
          ? [{ resource: r.id, message: 'TransitEncryptionMode "preferred" still accepts plain-text clients' }]
          : [];
      }),
      ...ctx
        .ofType("AWS::ElastiCache::CacheCluster")
        .filter((r) => r.props.Engine !== "memcached")
        .map((r) => ({ resource: r.id, message: "a stand-alone Redis CacheCluster cannot enforce TLS; use a ReplicationGroup" })),
    ],
  },
  {
    id: "cache-encrypted-at-rest",
    severity: "error",
    description: "Redis data and snapshots are encrypted at rest.",
    check: (ctx) =>
      ctx
        .ofType("AWS::ElastiCache::ReplicationGroup")
        .flatMap((r): Problem[] =>
          isTrue(r.props.AtRestEncryptionEnabled) ? [] : [{ resource: r.id, message: "AtRestEncryptionEnabled is not true" }],
        ),
  },
];
