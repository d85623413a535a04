import { describe, expect, it } from "vitest";
import { CloudError, toCloudError, type CloudErrorReason } from "./errors";

const sdkError = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, ...extra });

describe("CloudFormation errors", () => {
  it.each<[Error, CloudErrorReason, string]>([
    [sdkError("ValidationError", "Stack with id acme does not exist"), "not-found", "ValidationError"],
    [sdkError("ValidationError", "Stack [acme] does not exist"), "not-found", "ValidationError"],
    [sdkError("ChangeSetNotFoundException", "ChangeSet [x] does not exist"), "not-found", "ChangeSetNotFoundException"],
    [sdkError("AlreadyExistsException", "ChangeSet x already exists"), "already-exists", "AlreadyExistsException"],
    [sdkError("Throttling", "Rate exceeded"), "throttled", "Throttling"],
    [sdkError("ValidationError", "Template format error: unknown resource type"), "refused", "ValidationError"],
    [
      sdkError("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]"),
      "refused",
      "InsufficientCapabilitiesException",
    ],
    [sdkError("AccessDenied", "not authorized"), "refused", "AccessDenied"],
    [sdkError("InternalFailure", "oops", { $fault: "server" }), "unavailable", "InternalFailure"],
    [sdkError("Unknown", "bad gateway", { $metadata: { httpStatusCode: 502 } }), "unavailable", "Unknown"],
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4599"), { code: "ECONNREFUSED" }), "unavailable", "ECONNREFUSED"],
    [sdkError("TimeoutError", "socket timed out"), "unavailable", "TimeoutError"],
  ])("%s → %s", (error, reason, code) => {
    const cloud = toCloudError(error);
    expect(cloud).toBeInstanceOf(CloudError);
    expect(cloud.reason).toBe(reason);
    expect(cloud.code).toBe(code);
    expect(cloud.message).toBe(error.message);
    expect(cloud.transient).toBe(reason === "throttled" || reason === "unavailable");
  });

  it("passes a CloudError through unchanged", () => {
    const original = new CloudError("X", "y", "refused");
    expect(toCloudError(original)).toBe(original);
  });
});
