import { describe, expect, it } from "vitest";
import { cacheQueryPlans } from "./plan-cache";

// The wrapper's rules, on a stand-in compiler whose plans name its schema as Prisma's SQL does
// (the real compiler runs in plan-cache.integration.test.ts).
function fakeCompilerClass() {
  let compiled = 0;
  class Compiler {
    constructor(readonly schema: string) {}
    compile(request: string) {
      compiled++;
      return { sql: `SELECT * FROM "${this.schema}"."User" /* ${request} */`, args: [request.length] };
    }
  }
  return { Compiler, compiled: () => compiled };
}
const read = (id: string) =>
  `{"modelName":"User","action":"findUnique","query":{"arguments":{"where":{"id":"${id}"}},"selection":{"$scalars":true}}}`;

describe("cacheQueryPlans", () => {
  it("compiles a repeated read once per compiler and never hands one schema's plan to another", () => {
    const { Compiler, compiled } = fakeCompilerClass();
    const stats = cacheQueryPlans(Compiler);
    const [a, b] = [new Compiler("tenant_a"), new Compiler("tenant_b")];
    const first = a.compile(read("u1")) as { sql: string };
    expect(a.compile(read("u1"))).toBe(first);
    expect((b.compile(read("u1")) as { sql: string }).sql).toContain('"tenant_b"."User"');
    expect(compiled()).toBe(2);
    expect(stats).toEqual({ hits: 1, misses: 2, skipped: 0 });
  });

  it("freezes shared plans, so the executor cannot change one another call will get", () => {
    const { Compiler } = fakeCompilerClass();
    cacheQueryPlans(Compiler);
    const plan = new Compiler("s").compile(read("u2")) as { args: number[] };
    expect(() => plan.args.push(1)).toThrow(TypeError);
  });

  it("leaves writes, reads holding a date and very long requests to the compiler", () => {
    const { Compiler, compiled } = fakeCompilerClass();
    const stats = cacheQueryPlans(Compiler);
    const c = new Compiler("s");
    const write = '{"modelName":"User","action":"createOne","query":{"arguments":{"data":{"name":"x"}},"selection":{"$scalars":true}}}';
    const dated =
      '{"modelName":"Operation","action":"findMany","query":{"arguments":{"where":{"leaseUntil":{"lt":{"$type":"DateTime","value":"2026-11-27T00:00:00.000Z"}}}},"selection":{"$scalars":true}}}';
    for (const request of [write, write, dated, dated, read("x".repeat(5000)), read("x".repeat(5000))]) c.compile(request);
    expect(compiled()).toBe(6);
    expect(stats).toEqual({ hits: 0, misses: 0, skipped: 6 });
  });

  it("keeps the most recently used plans when full", () => {
    const { Compiler, compiled } = fakeCompilerClass();
    cacheQueryPlans(Compiler, 2);
    const c = new Compiler("s");
    c.compile(read("1"));
    c.compile(read("2"));
    c.compile(read("1")); // 1 is now the most recent
    c.compile(read("3")); // 2 goes
    expect(compiled()).toBe(3);
    c.compile(read("1"));
    expect(compiled()).toBe(3);
    c.compile(read("2"));
    expect(compiled()).toBe(4);
  });

  it("wraps a class once, however often it is asked", () => {
    const { Compiler, compiled } = fakeCompilerClass();
    const stats = cacheQueryPlans(Compiler);
    expect(cacheQueryPlans(Compiler)).toBe(stats);
    const c = new Compiler("s");
    c.compile(read("once"));
    c.compile(read("once"));
    expect(compiled()).toBe(1);
  });
});
