import { describe, expect, it } from "vitest";
import { getBlueprint } from "./index";
import { allowedEnvironments, findSize, productionMinimum, productionMinimumMessage, sizeAllowedIn } from "./sizes";

const bp = getBlueprint("stateless-web")!;
const size = (id: string) => findSize(bp, id)!;

describe("size rules", () => {
  it("finds sizes by id and nothing for an unknown id", () => {
    expect(size("small").id).toBe("small");
    expect(findSize(bp, "gigantic")).toBeUndefined();
  });

  it.each(bp.sizes.map((s) => [s.id, s.order >= productionMinimum(bp)!.order] as const))(
    "%s may run in production: %s (staging always)",
    (id, production) => {
      expect(sizeAllowedIn(bp, size(id), "staging")).toBe(true);
      expect(sizeAllowedIn(bp, size(id), "production")).toBe(production);
      expect(allowedEnvironments(bp, size(id))).toEqual(production ? ["production", "staging"] : ["staging"]);
    },
  );

  it("words the rule with the minimum size's label", () => {
    expect(productionMinimumMessage(bp)).toBe(`Production needs at least the ${productionMinimum(bp)!.label} size`);
  });
});
