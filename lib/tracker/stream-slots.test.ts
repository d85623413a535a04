import { describe, expect, it } from "vitest";
import { StreamSlots } from "./stream-slots";

describe("StreamSlots", () => {
  // L5: one person could open any number of live streams, each reading the database every second.
  it("gives a person at most `limit` streams, and a slot back when one closes", () => {
    const slots = new StreamSlots(() => 5);
    const releases = Array.from({ length: 5 }, () => slots.take("u1"));
    expect(releases.every(Boolean)).toBe(true);
    expect(slots.take("u1")).toBeNull();
    expect(slots.take("u2")).not.toBeNull();
    releases[0]!();
    releases[0]!(); // twice is harmless
    expect(slots.count("u1")).toBe(4);
    expect(slots.take("u1")).not.toBeNull();
  });
});
