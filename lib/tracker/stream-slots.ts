// Live streams open at once per person, in this process: each costs a database read a second,
// so one signed-in user cannot open hundreds. Pure, so unit tests call it.
export class StreamSlots {
  private readonly open = new Map<string, number>();
  constructor(private readonly limit: () => number) {}

  /** A release function when a slot was free, or null when the person already has `limit` open. */
  take(key: string): (() => void) | null {
    const n = this.open.get(key) ?? 0;
    if (n >= this.limit()) return null;
    this.open.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }

  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}
