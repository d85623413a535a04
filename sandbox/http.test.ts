import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { QueryParams, decodeToken, errorXml, pageNewestFirst, paginate, regionFromAuthorization, resultXml, toXml } from "./http";

describe("QueryParams", () => {
  const p = QueryParams.parse(
    "Action=CreateStack&StackName=s&Parameters.member.2.ParameterKey=B&Parameters.member.2.UsePreviousValue=true" +
      "&Parameters.member.1.ParameterKey=A&Parameters.member.1.ParameterValue=x%26y&Capabilities.member.1=CAPABILITY_IAM" +
      "&Capabilities.member.2=CAPABILITY_NAMED_IAM&Tags=&DisableRollback=true&TimeoutInMinutes=5",
  );
  it("reads scalars, member lists and member structs in order", () => {
    expect(p.str("Action")).toBe("CreateStack");
    expect(p.bool("DisableRollback")).toBe(true);
    expect(p.int("TimeoutInMinutes")).toBe(5);
    expect(p.list("Capabilities")).toEqual(["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]);
    expect(p.structs("Parameters")).toEqual([
      { ParameterKey: "A", ParameterValue: "x&y" },
      { ParameterKey: "B", UsePreviousValue: "true" },
    ]);
    expect(p.has("Tags")).toBe(true);
    expect(p.structs("Tags")).toEqual([]);
  });
  it("reports a missing required member like AWS's validator", () => {
    expect(() => p.req("ChangeSetName")).toThrow(
      "1 validation error detected: Value null at 'changeSetName' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe("XML", () => {
  it("writes nested members, lists, dates and escapes", () => {
    expect(toXml("R", { A: "<&>\"'\r", L: [{ K: 1 }, { K: 2 }], D: new Date(0), U: undefined, E: [] })).toBe(
      "<R><A>&lt;&amp;&gt;&quot;&apos;&#xD;</A><L><member><K>1</K></member><member><K>2</K></member></L><D>1970-01-01T00:00:00.000Z</D><E></E></R>",
    );
  });
  it("wraps results and errors the Query-protocol way", () => {
    expect(resultXml("DeleteStack", {}, "r1")).toBe(
      '<DeleteStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DeleteStackResult></DeleteStackResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DeleteStackResponse>',
    );
    expect(errorXml(new ApiError("Throttling", "Rate exceeded"), "r2")).toBe(
      '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r2</RequestId></ErrorResponse>',
    );
  });
});

describe("helpers", () => {
  it("reads the signing region", () => {
    expect(
      regionFromAuthorization("AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-central-1/cloudformation/aws4_request, SignedHeaders=host"),
    ).toBe("eu-central-1");
    expect(regionFromAuthorization(undefined)).toBeUndefined();
  });
  it("paginates with opaque tokens anchored on the last item", () => {
    const key = (n: number) => String(n).padStart(3, "0");
    const items = [5, 1, 4, 2, 3];
    const a = paginate(items, undefined, 2, key);
    const b = paginate(items, a.nextToken, 2, key);
    const c = paginate(items, b.nextToken, 2, key);
    expect([a.page, b.page, c.page, c.nextToken]).toEqual([[1, 2], [3, 4], [5], undefined]);
    // Items added before the anchor or removed from the page already read do not shift the next page.
    expect(paginate([0, 3, 4, 5], a.nextToken, 2, key).page).toEqual([3, 4]);
    expect(paginate([5, 4, 3, 2, 1], undefined, 2, key, true).page).toEqual([5, 4]);
    expect(paginate([6, 5, 4, 3, 2, 1], paginate([5, 4, 3, 2, 1], undefined, 2, key, true).nextToken, 2, key, true).page).toEqual([3, 2]);
    expect(() => decodeToken("garbage")).toThrow("Invalid NextToken");
  });
  it("pages an append-only list newest first from the oldest end", () => {
    const events = ["e1", "e2", "e3", "e4", "e5"];
    const a = pageNewestFirst(events, undefined, 2);
    events.push("e6", "e7"); // arrive between pages
    const b = pageNewestFirst(events, a.nextToken, 2);
    const c = pageNewestFirst(events, b.nextToken, 2);
    expect([a.page, b.page, c.page, c.nextToken]).toEqual([["e5", "e4"], ["e3", "e2"], ["e1"], undefined]);
  });
});
