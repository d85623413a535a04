import { describe, expect, it } from "vitest";
import { objectLockProblem, type ObjectLockSettings } from "./object-lock";

// The checkpoint bucket is accepted only when nobody can delete or overwrite a checkpoint before its retention ends.
describe("objectLockProblem", () => {
  it.each<[string, ObjectLockSettings, RegExp | undefined]>([
    ["Object Lock with a COMPLIANCE default", { enabled: true, defaultRetention: { mode: "COMPLIANCE", years: 7 } }, undefined],
    ["no Object Lock", { enabled: false }, /audit-cp does not have S3 Object Lock enabled, so a signed checkpoint .* could be deleted/],
    ["Object Lock without a default retention", { enabled: true }, /audit-cp has S3 Object Lock, but no default retention\. Create/],
    [
      "a GOVERNANCE default",
      { enabled: true, defaultRetention: { mode: "GOVERNANCE", days: 30 } },
      /in GOVERNANCE mode, which anyone allowed s3:BypassGovernanceRetention can lift/,
    ],
  ])("%s", (_, lock, message) => {
    const problem = objectLockProblem("audit-cp", lock);
    if (message) expect(problem).toMatch(message);
    else expect(problem).toBeUndefined();
    if (message) expect(problem).toContain("AUDIT_CHECKPOINT_BUCKET");
  });
});
