import { describe, expect, it } from "vitest";
import { createEndpointSchema, endpointUrlProblem } from "./schemas";

describe("endpoint URLs", () => {
  it.each([
    ["https://hooks.example.com/stackport", false, null],
    ["http://127.0.0.1:8080/hook", false, null],
    ["http://localhost/hook", false, null],
    ["http://[::1]:9000/", false, null],
    [
      "http://hooks.example.com/stackport",
      false,
      "Use https:// (plain http is only allowed to localhost, or when WEBHOOK_ALLOW_HTTP is set)",
    ],
    ["http://hooks.example.com/stackport", true, null],
    ["ftp://hooks.example.com/", true, "Use an https:// URL"],
    ["https://user:pass@hooks.example.com/", false, "Leave credentials out of the URL; receivers verify the signature instead"],
    ["http://169.254.169.254/latest/meta-data/", true, "The cloud metadata address cannot receive notifications"],
    ["hooks.example.com", false, "Enter a full URL such as https://hooks.example.com/stackport"],
  ])("%s (http allowed: %s)", (url, allowHttp, problem) => {
    expect(endpointUrlProblem(url, { allowHttp })).toBe(problem);
  });
});

describe("the new-endpoint form", () => {
  it("reads event checkboxes into a list", () => {
    const parsed = createEndpointSchema.parse({
      url: " https://h.example.com/ ",
      description: "Ops channel",
      "event:request.approved": "on",
      "event:launch.failed": "on",
    });
    expect(parsed).toEqual({ url: "https://h.example.com/", description: "Ops channel", events: ["request.approved", "launch.failed"] });
  });

  it("names the field that is wrong", () => {
    const result = createEndpointSchema.safeParse({ url: "", "event:not.an.event": "on" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(paths).toContain("url: Enter the endpoint's URL");
    expect(paths.some((p) => p.startsWith("events.0"))).toBe(true);
  });

  it("asks for at least one event", () => {
    const result = createEndpointSchema.safeParse({ url: "https://h.example.com/" });
    expect(result.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["events", "Choose at least one event"]]);
  });
});
