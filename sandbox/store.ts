// Durable state: one JSON file, written atomically (temp file + rename) and debounced. Stacks are
// serialized individually and cached, so a write re-serializes only the stacks that changed —
// with 500 stacks in flight that is the difference between a cheap and a CPU-bound sandbox.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import path from "node:path";
import { emptyState, type SandboxState, type StackRecord } from "./engine/model";

export class Store {
  state: SandboxState;
  private stackJson = new Map<string, string>();
  /** Events are append-only: their JSON is extended, never rebuilt. */
  private eventJson = new Map<string, { count: number; json: string }>();
  private lastSerializeMs = 0;
  private dirtyStacks = new Set<string>();
  private dirty = false;
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;
  writes = 0;

  constructor(
    readonly file: string | undefined,
    private readonly debounceMs = 200,
  ) {
    this.state = this.load();
  }

  private load(): SandboxState {
    if (this.file) this.removeStaleTempFiles(this.file);
    if (!this.file || !existsSync(this.file)) return emptyState();
    try {
      const parsed = JSON.parse(readFileSync(this.file, "utf-8")) as SandboxState;
      if (parsed.version !== 1) throw new Error(`unsupported state version ${String(parsed.version)}`);
      return { ...emptyState(), ...parsed };
    } catch (err) {
      // Keep the unreadable file for inspection rather than overwrite it.
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      console.error(`[sandbox] state file unreadable (${(err as Error).message}); moved to ${aside}, starting empty`);
      return emptyState();
    }
  }

  /** Temp files a killed process left behind (`<file>.<pid>.tmp`). */
  private removeStaleTempFiles(file: string): void {
    const dir = path.dirname(file);
    const base = path.basename(file);
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name.startsWith(`${base}.`) && name.endsWith(".tmp")) rmSync(path.join(dir, name), { force: true });
    }
  }

  get stacks(): Record<string, StackRecord> {
    return this.state.stacks;
  }

  /** Records that something changed; `stackId` narrows re-serialization to that stack. */
  touch(stackId?: string): void {
    if (stackId) this.dirtyStacks.add(stackId);
    this.dirty = true;
    if (!this.file || this.timer) return;
    // Under heavy churn serialization itself costs CPU: write at most ~25% of the time.
    const delay = Math.max(this.debounceMs, 3 * this.lastSerializeMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  reset(): void {
    this.state = emptyState();
    this.stackJson.clear();
    this.eventJson.clear();
    this.dirtyStacks.clear();
    this.touch();
  }

  private stackToJson(s: StackRecord): string {
    const { events, ...rest } = s;
    let cached = this.eventJson.get(s.stackId);
    if (!cached || cached.count > events.length) cached = { count: 0, json: "" };
    if (cached.count < events.length) {
      const added = events
        .slice(cached.count)
        .map((e) => JSON.stringify(e))
        .join(",");
      cached = { count: events.length, json: cached.json ? `${cached.json},${added}` : added };
      this.eventJson.set(s.stackId, cached);
    }
    return `${JSON.stringify(rest).slice(0, -1)},"events":[${cached.json}]}`;
  }

  /**
   * The state file's text in pieces, one stack at a time, so a large write can let requests and
   * timers run in between. Each stack's JSON is consistent; stacks are independent of each other.
   */
  private *pieces(): Generator<string> {
    yield '{"stacks":{';
    let first = true;
    for (const id of Object.keys(this.state.stacks)) {
      const s = this.state.stacks[id];
      if (!s) continue;
      let json = this.stackJson.get(id);
      if (json === undefined || this.dirtyStacks.has(id)) {
        this.dirtyStacks.delete(id);
        json = this.stackToJson(s);
        this.stackJson.set(id, json);
      }
      yield `${first ? "" : ","}${JSON.stringify(id)}:${json}`;
      first = false;
    }
    for (const id of [...this.stackJson.keys(), ...this.dirtyStacks]) {
      if (!this.state.stacks[id]) {
        this.stackJson.delete(id);
        this.eventJson.delete(id);
        this.dirtyStacks.delete(id);
      }
    }
    const { stacks: _omit, ...rest } = this.state;
    yield `},${JSON.stringify(rest).slice(1)}`;
  }

  /** Writes now if anything changed; concurrent calls chain behind the write in progress. */
  async flush(): Promise<void> {
    if (!this.file) return;
    if (this.writing) {
      await this.writing;
      if (!this.dirty) return;
    }
    if (!this.dirty) return;
    this.dirty = false;
    const file = this.file;
    const tmp = `${file}.${process.pid}.tmp`;
    this.writing = (async () => {
      mkdirSync(path.dirname(file), { recursive: true });
      const fh = await open(tmp, "w");
      let cpu = 0;
      try {
        let buf = "";
        const it = this.pieces();
        for (;;) {
          const t0 = performance.now();
          const next = it.next();
          if (!next.done) buf += next.value;
          cpu += performance.now() - t0;
          if (next.done || buf.length >= 1 << 20) {
            await fh.write(buf);
            buf = "";
          }
          if (next.done) break;
        }
      } finally {
        await fh.close();
      }
      await rename(tmp, file);
      this.lastSerializeMs = cpu;
      this.writes++;
    })().finally(() => {
      this.writing = undefined;
    });
    await this.writing;
  }
}
