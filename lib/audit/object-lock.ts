// Whether a bucket's Object Lock settings keep checkpoints as the portal needs them: nobody, not
// even the account's root user, may delete or overwrite a stored version before its retention
// ends. That is COMPLIANCE mode; GOVERNANCE mode can be bypassed by anyone granted
// s3:BypassGovernanceRetention. Pure: lib/audit/checkpoint-s3-sink.ts asks S3 and calls it.

export interface ObjectLockSettings {
  enabled: boolean;
  defaultRetention?: { mode: string; days?: number; years?: number };
}

const HOW =
  "Create the bucket with Object Lock and a default retention in COMPLIANCE mode (templates/portal does), " +
  "or point AUDIT_CHECKPOINT_BUCKET at one that has them.";

/** Why the bucket is refused, in words for the operator; undefined when it will do. */
export function objectLockProblem(bucket: string, lock: ObjectLockSettings): string | undefined {
  if (!lock.enabled) {
    return `The checkpoint bucket ${bucket} does not have S3 Object Lock enabled, so a signed checkpoint stored there could be deleted or overwritten. ${HOW}`;
  }
  const mode = lock.defaultRetention?.mode;
  if (mode !== "COMPLIANCE") {
    return `The checkpoint bucket ${bucket} has S3 Object Lock, but ${
      mode ? `its default retention is in ${mode} mode, which anyone allowed s3:BypassGovernanceRetention can lift` : "no default retention"
    }. ${HOW}`;
  }
  return undefined;
}
