import { describe, expect, it } from "vitest";
import { crossSiteRefusal, portalHosts } from "./csrf";

const headers = (h: Record<string, string>) => new Headers(h);
const HOSTS = ["portal.example.com"];

describe("crossSiteRefusal", () => {
  it.each([
    ["GET from another site", "GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ["a same-origin POST", "POST", { origin: "https://portal.example.com", "sec-fetch-site": "same-origin" }],
    ["a POST without browser headers (a script with its own cookies)", "POST", {}],
    ["a POST typed into the address bar", "POST", { "sec-fetch-site": "none" }],
    ["an older browser's same-origin POST (Origin only)", "POST", { origin: "https://PORTAL.example.com" }],
  ])("lets %s through", (_name, method, h) => expect(crossSiteRefusal(method, headers(h), HOSTS)).toBeNull());

  it.each([
    ["a POST from another site", "POST", { origin: "http://evil.example", "sec-fetch-site": "cross-site" }],
    ["a POST from a sibling subdomain", "POST", { origin: "https://evil.example.com", "sec-fetch-site": "same-site" }],
    ["a DELETE whose Origin is another site", "DELETE", { origin: "http://evil.example" }],
    ["a PUT from an opaque origin", "PUT", { origin: "null" }],
    ["a POST from the same host on another port", "POST", { origin: "https://portal.example.com:8443" }],
    [
      "a POST Sec-Fetch-Site calls cross-site even with a matching Origin",
      "POST",
      { origin: "https://portal.example.com", "sec-fetch-site": "cross-site" },
    ],
  ])("refuses %s", (_name, method, h) => expect(crossSiteRefusal(method, headers(h), HOSTS)).toEqual(expect.any(String)));
});

describe("portalHosts", () => {
  it("is the Host, a load balancer's forwarded host and the configured public URL's host", () => {
    expect(
      portalHosts(headers({ host: "10.0.1.5:3000", "x-forwarded-host": "Portal.Example.com, other" }), "https://portal.example.com"),
    ).toEqual(["10.0.1.5:3000", "portal.example.com", "portal.example.com"]);
  });
});
