// Prisma 6.19's client engine compiles every query (a WebAssembly query compiler on the main
// thread) before it runs it: about 0.6 ms of CPU for a findUnique, several times the cost of
// running the query itself. A page view repeats the same reads (the session's user row, the
// client by its slug, the first page of the audit log), so this keeps the compiled plans of
// recent reads, keyed by the exact request, and skips the compiler when one repeats.
// Prisma 7.4 caches plans itself (keyed by the query's shape); this is the exact-match subset for
// 6.19, which we stay on because Prisma 7's CLI cannot run here (NOTES.md).
//
// Correctness: a plan is a pure function of the compiler's configuration (the data model, and the
// database schema whose name the SQL carries) and the request text, which holds every value the
// query uses; so plans are kept per compiler (one per Prisma client) and the same text compiles to
// the same plan. Plans are
// frozen before they are shared: the executor runs in strict mode, so a change to a shared plan
// would throw rather than pass unnoticed (the integration suites run with the cache on).

/** The part of Prisma's QueryCompiler class that is wrapped. */
export interface QueryCompilerClass {
  prototype: { compile(request: string): unknown };
}

export interface PlanCacheStats {
  hits: number;
  misses: number;
  skipped: number;
}

// Reads only: writes carry their data, which rarely repeats. A request holding a date (usually
// "now": the tracker's lease checks) would never repeat either and only push useful plans out.
const CACHEABLE =
  /^\{"modelName":"\w+","action":"(?:findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|count|aggregate|groupBy)"/;
const MAX_KEY = 4096;

const installed = new WeakMap<object, PlanCacheStats>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Wraps `compile` of Prisma's QueryCompiler class (once per class) with an LRU of `max` plans per compiler. */
export function cacheQueryPlans(compiler: QueryCompilerClass, max = 1000): PlanCacheStats {
  const existing = installed.get(compiler);
  if (existing) return existing;
  const stats: PlanCacheStats = { hits: 0, misses: 0, skipped: 0 };
  const perCompiler = new WeakMap<object, Map<string, unknown>>();
  const compile = compiler.prototype.compile;
  compiler.prototype.compile = function (this: object, request: string) {
    if (request.length > MAX_KEY || !CACHEABLE.test(request) || request.includes('"$type":"DateTime"')) {
      stats.skipped++;
      return compile.call(this, request);
    }
    let plans = perCompiler.get(this);
    if (!plans) perCompiler.set(this, (plans = new Map()));
    const plan = plans.get(request);
    if (plan !== undefined) {
      stats.hits++;
      plans.delete(request); // most recently used goes last
      plans.set(request, plan);
      return plan;
    }
    stats.misses++;
    const compiled = deepFreeze(compile.call(this, request));
    plans.set(request, compiled);
    if (plans.size > max) plans.delete(plans.keys().next().value!);
    return compiled;
  };
  installed.set(compiler, stats);
  return stats;
}
