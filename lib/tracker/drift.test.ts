import { describe, expect, it } from "vitest";
import { explainDifference } from "./drift";

describe("explainDifference", () => {
  it.each([
    [
      { path: "/DBInstanceClass", expected: "db.t3.medium", actual: "db.t3.large", type: "NOT_EQUAL" },
      "DBInstanceClass is db.t3.large but was approved as db.t3.medium",
    ],
    [
      { path: "/Tags/0/Value", expected: "acme", actual: "", type: "REMOVE" },
      "Tags.0.Value was removed outside CloudFormation (approved: acme)",
    ],
    [{ path: "/MultiAZ", expected: "", actual: "false", type: "ADD" }, "MultiAZ was added outside CloudFormation (now: false)"],
  ])("explains %j", (difference, text) => {
    expect(explainDifference(difference)).toBe(text);
  });
});
