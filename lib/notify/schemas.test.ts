import { describe, expect, it } from "vitest";
import { createEndpointSchema, endpointUrlProblem } from "./schemas";

const HINT = "; set WEBHOOK_ALLOW_PRIVATE_TARGETS to send to an internal receiver";

describe("endpoint URLs", () => {
  it.each([
    ["https://hooks.example.com/stackport", false, null],
    [
      "http://hooks.example.com/stackport",
      false,
      "Use https:// (plain http is only allowed to localhost, or when WEBHOOK_ALLOW_HTTP is set)",
    ],
    ["http://hooks.example.com/stackport", true, null],
    ["https://93.184.215.14/hook", false, null],
    ["https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook", false, null],
    ["ftp://hooks.example.com/", true, "Use an https:// URL"],
    ["https://user:pass@hooks.example.com/", false, "Leave credentials out of the URL; receivers verify the signature instead"],
    ["hooks.example.com", false, "Enter a full URL such as https://hooks.example.com/stackport"],
  ])("%s (http allowed: %s)", (url, allowHttp, problem) => {
    expect(endpointUrlProblem(url, { allowHttp, allowPrivate: false })).toBe(problem);
  });

  // Security review L1: the guard read the URL as text, so loopback (the sandbox's control API),
  // IPv4-mapped IPv6 forms of the metadata address and private ranges were accepted.
  it.each([
    ["http://127.0.0.1:4599/_sandbox/reset", `127.0.0.1 is a loopback address${HINT}`],
    ["http://127.1.2.3/x", `127.1.2.3 is a loopback address${HINT}`],
    ["http://localhost/hook", `localhost is this machine${HINT}`],
    ["https://stackport.localhost/hook", `stackport.localhost is this machine${HINT}`],
    ["http://[::1]:9000/", `::1 is a loopback address${HINT}`],
    ["https://[::ffff:127.0.0.1]/", `127.0.0.1 is a loopback address${HINT}`],
    ["https://10.0.0.5/hook", `10.0.0.5 is a private address${HINT}`],
    ["https://172.16.4.1/hook", `172.16.4.1 is a private address${HINT}`],
    ["https://172.31.255.255/hook", `172.31.255.255 is a private address${HINT}`],
    ["https://192.168.1.10/hook", `192.168.1.10 is a private address${HINT}`],
    ["https://100.64.0.1/hook", `100.64.0.1 is a carrier-grade NAT address${HINT}`],
    ["https://[fc00::1]/hook", `fc00::1 is a unique-local address${HINT}`],
    ["https://[fd12:3456::1]/hook", `fd12:3456::1 is a unique-local address${HINT}`],
    ["https://[fe80::1]/hook", `fe80::1 is a link-local address${HINT}`],
    ["https://169.254.10.10/hook", `169.254.10.10 is a link-local address${HINT}`],
    ["https://0.0.0.0/hook", "0.0.0.0 is an unspecified address"],
    ["https://224.0.0.1/hook", "224.0.0.1 is a multicast address"],
    ["https://[ff02::1]/hook", "ff02::1 is a multicast address"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"],
    ["http://[::ffff:169.254.169.254]/", "169.254.169.254 is a cloud metadata address"],
    ["https://[::ffff:a9fe:a9fe]/", "169.254.169.254 is a cloud metadata address"],
    ["http://[0:0:0:0:0:ffff:169.254.170.2]/", "169.254.170.2 is a cloud metadata address"],
    ["https://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata address"],
    ["http://0xa9fea9fe/", "169.254.169.254 is a cloud metadata address"],
    ["https://[64:ff9b::a00:5]/", "64:ff9b::a00:5 is a reserved address"],
  ])("refuses %s", (url, problem) => {
    expect(endpointUrlProblem(url, { allowHttp: true, allowPrivate: false })).toBe(problem);
  });

  it.each([
    // Allowed wholesale (the tests' and the demo's receivers on 127.0.0.1).
    ["http://127.0.0.1:8080/hook", true, null],
    ["http://localhost/hook", true, null],
    ["https://10.0.0.5/hook", true, null],
    // Still never: the metadata addresses, multicast, 0.0.0.0.
    ["http://169.254.169.254/latest/meta-data/", true, "169.254.169.254 is a cloud metadata address"],
    ["https://224.0.0.1/hook", true, "224.0.0.1 is a multicast address"],
    // An allowlist of ranges lets those through and nothing else.
    ["https://10.20.1.2/hook", ["10.20.0.0/16"], null],
    ["https://[::ffff:10.20.1.2]/hook", ["10.20.0.0/16"], null],
    ["https://10.21.0.1/hook", ["10.20.0.0/16"], `10.21.0.1 is a private address${HINT}`],
    ["http://127.0.0.1:8080/hook", ["10.20.0.0/16"], `127.0.0.1 is a loopback address${HINT}`],
    ["http://169.254.169.254/", ["169.254.0.0/16"], "169.254.169.254 is a cloud metadata address"],
  ])("%s with private targets allowed: %j", (url, allowPrivate, problem) => {
    expect(endpointUrlProblem(url, { allowHttp: false, allowPrivate })).toBe(problem);
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
