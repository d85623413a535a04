// The control API has no authentication, so it must not be reachable from a web page: a page can
// make the browser send simple cross-origin POSTs (CSRF) or rebind its own name to 127.0.0.1 (DNS
// rebinding). Found in the security review (issue 17, item 5): POST /_sandbox/reset answered any
// Host and any Origin, bodies had no size limit, and every route ignored the method it was meant for.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "./testing/spawn";

let sb: RunningSandbox;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so Host and Origin are exactly what a browser (or an attacker's page) would send. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: sb.port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const faultCount = async () => (await sb.control<unknown[]>("/_sandbox/faults")).length;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb?.stop());

describe("control API guard", () => {
  it("refuses a Host that is not a loopback name with 403, and changes nothing", async () => {
    await sb.control("/_sandbox/faults", { body: { kind: "throttle", rate: 0, actions: ["Nothing"] } });
    for (const host of ["evil.example", "evil.example:4599", "127.0.0.1.evil.example", "10.0.0.5", "localhost.evil.example"]) {
      const reset = await send("POST", "/_sandbox/reset", { host });
      expect(reset.status, host).toBe(403);
      expect(JSON.parse(reset.body).error).toMatch(/loopback/);
      expect((await send("GET", "/_sandbox/health", { host })).status, host).toBe(403);
      // The CloudFormation API on the same port too: a rebound page could delete stacks.
      const cfn = await send("POST", "/", { host, "content-type": "application/x-www-form-urlencoded" }, "Action=ListStacks");
      expect(cfn.status, host).toBe(403);
    }
    expect(await faultCount()).toBe(1);
    for (const host of ["localhost", `localhost:${sb.port}`, `127.0.0.1:${sb.port}`, "127.1.2.3", `[::1]:${sb.port}`, "app.localhost"]) {
      expect((await send("GET", "/_sandbox/health", { host })).status, host).toBe(200);
    }
  });

  it("refuses any request carrying an Origin header with 403", async () => {
    for (const origin of ["https://evil.example", `http://127.0.0.1:${sb.port}`, "null"]) {
      expect((await send("POST", "/_sandbox/reset", { origin, "content-type": "text/plain" })).status, origin).toBe(403);
      expect((await send("DELETE", "/_sandbox/faults", { origin })).status, origin).toBe(403);
    }
    expect(await faultCount()).toBe(1);
  });

  it("answers a body over 2 MB with 413", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024 + 1, "a");
    const res = await send("POST", "/_sandbox/faults", { "content-type": "application/json" }, big);
    expect(res.status).toBe(413);
    const cfn = await send(
      "POST",
      "/",
      { "content-type": "application/x-www-form-urlencoded" },
      Buffer.concat([Buffer.from("Action=ListStacks&x="), big]),
    );
    expect(cfn.status).toBe(413);
    // Just under the limit is read as usual (and refused as the bad fault it is).
    const ok = await send(
      "POST",
      "/_sandbox/faults",
      { "content-type": "application/json" },
      JSON.stringify({ kind: "x".repeat(1024 * 1024) }),
    );
    expect(ok.status).toBe(400);
  });

  it("lets a client finish sending an oversized body before it answers 413, so the client reads the answer", async () => {
    // A client that announces 3 MB and sends it in two parts, as a slow link would: the answer must
    // not close the connection under the second part (the client would see EPIPE, not the 413).
    const half = Buffer.alloc(1536 * 1024, "a");
    const outcome = await new Promise<{ status?: number; writeError?: string }>((resolve) => {
      let status: number | undefined;
      let writeError: string | undefined;
      let pending = 2; // the answer read to its end, and the body sent to its end (or failed)
      const settle = () => --pending === 0 && setTimeout(() => resolve({ status, writeError }), 100);
      const req = request(
        {
          host: "127.0.0.1",
          port: sb.port,
          method: "POST",
          path: "/_sandbox/faults",
          headers: { "content-type": "application/json", "content-length": String(half.length * 2) },
        },
        (res) => {
          status = res.statusCode;
          res.resume();
          res.on("end", settle);
        },
      );
      req.on("error", (e) => {
        writeError ??= e.message;
        pending = 1;
        settle();
      });
      req.write(half);
      setTimeout(() => req.end(half, settle), 300);
    });
    expect(outcome).toEqual({ status: 413, writeError: undefined });
    expect(await faultCount()).toBe(1);
  });

  it("changes state only on POST (or DELETE for faults); other methods get 405 with Allow", async () => {
    for (const [method, path, allow] of [
      ["GET", "/_sandbox/reset", "POST"],
      ["GET", "/_sandbox/flush", "POST"],
      ["GET", "/_sandbox/stats/reset", "POST"],
      ["PUT", "/_sandbox/faults", "GET, POST, DELETE"],
      ["POST", "/_sandbox/health", "GET"],
      ["GET", "/_sandbox/faults/abc", "DELETE"],
    ]) {
      const res = await send(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.allow, `${method} ${path}`).toBe(allow);
    }
    expect(await faultCount()).toBe(1);
    expect((await send("POST", "/_sandbox/reset")).status).toBe(200);
    expect(await faultCount()).toBe(0);
  });
});

describe("POST /_sandbox/speed", () => {
  it("changes how fast simulated time runs for what is scheduled next, and refuses a speed that is not positive", async () => {
    const { CreateStackCommand, DescribeStacksCommand } = await import("@aws-sdk/client-cloudformation");
    const cfn = sb.client();
    const body = JSON.stringify({ Resources: { Topic: { Type: "AWS::SNS::Topic" } } });
    const statusOf = async (name: string) => (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0].StackStatus;
    for (const bad of [0, -1, "fast"]) {
      const res = await send("POST", "/_sandbox/speed", { "content-type": "application/json" }, JSON.stringify({ speed: bad }));
      expect(res.status, String(bad)).toBe(400);
      expect(res.body).toContain("speed must be a positive number");
    }
    // Slowed to a crawl, a new stack's topic (seconds at speed 1) is still being created a moment later.
    expect((await sb.control<{ speed: number }>("/_sandbox/speed", { body: { speed: 0.001 } })).speed).toBe(0.001);
    expect((await sb.control<{ speed: number }>("/_sandbox/health")).speed).toBe(0.001);
    await cfn.send(new CreateStackCommand({ StackName: "slow-speed", TemplateBody: body }));
    await new Promise((r) => setTimeout(r, 300));
    expect(await statusOf("slow-speed")).toBe("CREATE_IN_PROGRESS");
    // Fast again: the next stack completes in moments.
    await sb.control("/_sandbox/speed", { body: { speed: 2000 } });
    await cfn.send(new CreateStackCommand({ StackName: "fast-speed", TemplateBody: body }));
    await expect.poll(() => statusOf("fast-speed"), { timeout: 5000 }).toBe("CREATE_COMPLETE");
    await sb.control("/_sandbox/reset", { method: "POST" });
  });
});
