import { describe, expect, it } from "vitest";
import { CloudFormationServiceException } from "@aws-sdk/client-cloudformation";
import { describeFailure, describeSource, maskKeyId, type FailureContext } from "./diagnose";

const aws = (name: string, message: string) =>
  new CloudFormationServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 403 } });
const net = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
const cfn: FailureContext = { service: "cloudformation", region: "eu-west-1" };

describe("describeFailure", () => {
  it.each<[string, unknown, FailureContext, RegExp, RegExp]>([
    [
      "a refused AssumeRole points at the trust policy",
      aws("AccessDenied", "User: arn:aws:sts::1:assumed-role/portal/i is not authorized to perform: sts:AssumeRole"),
      { ...cfn, service: "sts", role: true },
      /AccessDenied/,
      /trust policy.*sts:AssumeRole/,
    ],
    [
      "a refused CloudFormation call points at the policy",
      aws("AccessDenied", "not authorized to perform: cloudformation:DescribeStacks"),
      { ...cfn, role: true },
      /CloudFormation answered AccessDenied: not authorized/,
      /target role's policy/,
    ],
    [
      "an expired session",
      aws("ExpiredToken", "The security token included in the request is expired"),
      cfn,
      /ExpiredToken/,
      /expired.*clock/,
    ],
    [
      "unknown credentials",
      aws("InvalidClientTokenId", "The security token included in the request is invalid."),
      cfn,
      /InvalidClientTokenId/,
      /does not recognise/,
    ],
    [
      "a closed port at a configured endpoint",
      net("ECONNREFUSED"),
      { ...cfn, endpoint: "http://127.0.0.1:1" },
      /failed: ECONNREFUSED$/,
      /Could not reach http:\/\/127\.0\.0\.1:1.*VPC interface endpoint/,
    ],
    [
      "a timeout",
      Object.assign(new Error("Request timed out"), { name: "TimeoutError" }),
      cfn,
      /TimeoutError/,
      /Could not reach cloudformation\.eu-west-1\.amazonaws\.com/,
    ],
    [
      "a region that does not exist",
      net("ENOTFOUND"),
      { ...cfn, region: "xx-fake-9" },
      /ENOTFOUND/,
      /AWS_REGION \(xx-fake-9\) is a real region/,
    ],
    [
      "no credentials anywhere",
      Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
      cfn,
      /CredentialsProviderError/,
      /No credentials were found/,
    ],
  ])("%s", (_, error, ctx, detail, hint) => {
    const failure = describeFailure(error, ctx);
    expect(failure.detail).toMatch(detail);
    expect(failure.hint).toMatch(hint);
  });

  it("never repeats a local error's message (it may carry internals)", () => {
    const failure = describeFailure(new Error("secret-ish internal detail"), cfn);
    expect(JSON.stringify(failure)).not.toContain("secret-ish");
  });
});

describe("credential display", () => {
  it("masks access key ids to the last four characters", () => {
    expect(maskKeyId("AKIAIOSFODNN7EXAMPLE")).toBe("…MPLE");
    expect(maskKeyId("abc")).toBe("…");
    expect(maskKeyId(undefined)).toBe("(none)");
  });

  it("names the provider the SDK says answered", () => {
    expect(describeSource({ $source: { CREDENTIALS_ENV_VARS: "g" } })).toMatch(/environment variables/);
    expect(describeSource({ $source: { CREDENTIALS_HTTP: "z" } })).toMatch(/ECS task role/);
    expect(describeSource({})).toBe("the standard credential chain");
  });
});
