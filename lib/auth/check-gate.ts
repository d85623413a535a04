// A process-wide cap on password checks running at once. Sign-in is unauthenticated, so a
// flood of random emails must not take every thread of the pool that the rest of the portal
// (and signed-in users) needs: past the cap an attempt is refused at once (429 with
// Retry-After) instead of queueing.
export class CheckGate {
  private running = 0;
  constructor(private readonly limit: () => number) {}

  /** Runs `task` when a place is free; returns null (without running it) when none is. */
  async tryRun<T>(task: () => Promise<T>): Promise<{ value: T } | null> {
    if (this.running >= this.limit()) return null;
    this.running++;
    try {
      return { value: await task() };
    } finally {
      this.running--;
    }
  }

  get inFlight(): number {
    return this.running;
  }
}
