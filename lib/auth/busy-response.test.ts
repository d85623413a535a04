import { describe, expect, it } from "vitest";
import { BUSY } from "./busy";
import { busyAs429 } from "./busy-response";

const refusal = (error: string) =>
  Response.json({ url: `http://portal/api/auth/error?error=${encodeURIComponent(error)}` }, { status: 401 });

describe("busyAs429", () => {
  it("turns a refusal by the concurrency cap into 429 with Retry-After, keeping the body", async () => {
    const response = await busyAs429(refusal(BUSY), BUSY);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(new URL((await response.json()).url).searchParams.get("error")).toBe(BUSY);
  });

  it("does the same for the redirect form of the answer", async () => {
    const redirect = new Response(null, { status: 302, headers: { location: `/signin?error=${encodeURIComponent(BUSY)}` } });
    expect((await busyAs429(redirect, BUSY)).status).toBe(429);
  });

  it("leaves every other answer alone", async () => {
    expect((await busyAs429(refusal("Email or password is incorrect."), BUSY)).status).toBe(401);
    expect((await busyAs429(Response.json({ url: "http://portal/" }), BUSY)).status).toBe(200);
    expect((await busyAs429(new Response("not json", { status: 401 }), BUSY)).status).toBe(401);
  });
});
