import { estimateCost, productionMinimumMessage, sizeAllowedIn, type Blueprint } from "../catalog";
import { propose } from "./proposal";

// The size step of onboarding: every size with what it builds and costs, and whether the
// chosen environment allows it. Pure (renders each size; about a millisecond each).

export interface SizeOption {
  id: string;
  label: string;
  suits: string;
  monthlyUsd: number;
  highlights: string[];
  resourceCount: number;
  allowed: boolean;
  reason?: string;
}

export function sizeOptions(
  blueprint: Blueprint,
  client: { displayName: string; environment: "production" | "staging"; region: string; owner: string },
): SizeOption[] {
  return blueprint.sizes.map((size) => {
    const allowed = sizeAllowedIn(blueprint, size, client.environment);
    // Render as staging when production does not allow the size, so its contents can still be shown.
    const preview = propose({
      blueprintId: blueprint.id,
      sizeId: size.id,
      client: { ...client, environment: allowed ? client.environment : "staging" },
    });
    return {
      id: size.id,
      label: size.label,
      suits: size.suits,
      monthlyUsd: estimateCost(blueprint, size.id, { region: client.region })?.monthlyUsd ?? size.cost.monthlyUsd,
      highlights: preview.rendered.summary.highlights,
      resourceCount: preview.rendered.summary.resourceCount,
      allowed,
      reason: allowed ? undefined : productionMinimumMessage(blueprint),
    };
  });
}
