import { describe, expect, it } from "vitest";
import { hmacSha256Hex, newWebhookSecret, signatureFor, verifySignature } from "./signing";

const body = '{"event":"ping","occurredAt":"2026-11-27T00:00:00.000Z","data":{}}';

describe("webhook signatures", () => {
  it("computes HMAC-SHA256 as the published test vector does", () => {
    expect(hmacSha256Hex("key", "The quick brown fox jumps over the lazy dog")).toBe(
      "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
    );
  });

  it("signs timestamp.body (vector computed independently with `openssl dgst -sha256 -hmac`)", () => {
    expect(signatureFor("whsec_test", 1_700_000_000, body)).toBe("sha256=1f52050a1c3ae26a3eeaabac077a7b955f8bfb2c05525dd819cf5be297a21d7e");
  });

  it.each([
    ["the genuine request", {}, true],
    ["another secret", { secret: "whsec_other" }, false],
    ["a changed body", { body: body.replace("ping", "pong") }, false],
    ["a changed timestamp", { timestamp: 1_700_000_001 }, false],
    ["a replay ten minutes later", { nowSeconds: 1_700_000_600 }, false],
    ["a clock four minutes off", { nowSeconds: 1_700_000_240 }, true],
    ["a truncated signature", { signature: "sha256=1f52" }, false],
    ["a non-numeric timestamp", { timestamp: "soon" }, false],
  ])("verifies %s: %s", (_name, change, valid) => {
    const input = {
      secret: "whsec_test",
      timestamp: 1_700_000_000 as string | number,
      body,
      signature: signatureFor("whsec_test", 1_700_000_000, body),
      nowSeconds: 1_700_000_000,
      ...change,
    };
    expect(verifySignature(input)).toBe(valid);
  });

  it("makes a different, unguessable secret every time", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
