import { describe, expect, it } from "vitest";
import { clientListFilters, clientListQuery, describeClientFilters } from "./list-filters";

describe("the clients list's filters", () => {
  it("reads the health filters the fleet page links to", () => {
    expect(clientListFilters({ status: "FAILED" })).toEqual({ behind: false, status: "FAILED", drifted: false, inFlight: false });
    expect(clientListFilters({ drifted: "1", inflight: "1", behind: "1", q: " acme ", after: "acme-9" })).toEqual({
      q: "acme",
      after: "acme-9",
      behind: true,
      status: undefined,
      drifted: true,
      inFlight: true,
    });
  });

  it("treats a value that does not fit as absent, never as a filter", () => {
    expect(clientListFilters({ status: "failed; drop", drifted: "yes", inflight: ["0", "1"], behind: "" })).toEqual({
      behind: false,
      status: undefined,
      drifted: false,
      inFlight: false,
      q: undefined,
      after: undefined,
    });
  });

  it("writes every filter back into the next page's link, and the cursor never", () => {
    const f = clientListFilters({ q: "a&b", status: "DEGRADED", drifted: "1", inflight: "1", behind: "1", after: "x" });
    expect(clientListQuery(f)).toBe("q=a%26b&behind=1&status=DEGRADED&drifted=1&inflight=1&");
    expect(clientListFilters(Object.fromEntries(new URLSearchParams(clientListQuery(f))))).toEqual({ ...f, after: undefined });
  });

  it("reads one account manager's clients from the fleet page's links, and keeps them on the next page", () => {
    const f = clientListFilters({ behind: "1", owner: "cm0owner1" });
    expect(f).toMatchObject({ behind: true, owner: "cm0owner1" });
    expect(clientListQuery(f)).toBe("behind=1&owner=cm0owner1&");
    expect(clientListFilters({ owner: "x".repeat(65) }).owner).toBeUndefined();
    expect(describeClientFilters(f, "Erin Example")).toBe("of Erin Example, behind the current blueprint version");
    expect(describeClientFilters(clientListFilters({ owner: "cm0nobody" }))).toBe("of an account manager Stackport does not know");
  });

  it("describes what narrows the list", () => {
    expect(describeClientFilters(clientListFilters({}))).toBeUndefined();
    expect(describeClientFilters(clientListFilters({ inflight: "1" }))).toBe("in flight");
    expect(describeClientFilters(clientListFilters({ status: "FAILED", drifted: "1" }))).toBe(
      "with status failed, that drifted from their template",
    );
  });
});
