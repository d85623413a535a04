// Monthly cost of a parameter set, from a blueprint's cost model and a region's price table.
// The model is data (blueprint.yaml), so a new blueprint or size needs no code here.
import type { CostLineModel, PriceNode, PriceSegment, PriceTable, QuantityExpr } from "./schemas";
import type { Cost, CostLine } from "./types";

/** A price or parameter the cost model needs but cannot find; `field` names what is missing. */
export class CostModelError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "CostModelError";
  }
}

const cents = (n: number) => Math.round(n * 100) / 100;
// Unit prices keep sub-cent precision (gp3 is $0.115/GB-month) so quantity × unit matches the line.
const fourDecimals = (n: number) => Math.round(n * 10000) / 10000;

function param(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined) throw new CostModelError(name, `parameter ${name} has no value`);
  return value;
}

function flag(params: Record<string, string>, name: string): boolean {
  const value = param(params, name);
  if (value !== "true" && value !== "false")
    throw new CostModelError(name, `parameter ${name} must be "true" or "false" to be used in \`if\`, got ${JSON.stringify(value)}`);
  return value === "true";
}

export function interpolate(text: string, params: Record<string, string>): string {
  return text.replace(/\{([A-Za-z0-9]+)\}/g, (_, name: string) => param(params, name));
}

function quantity(expr: QuantityExpr, params: Record<string, string>): number {
  if (typeof expr === "number") return expr;
  if (typeof expr === "string") {
    const n = Number(param(params, expr));
    if (!Number.isFinite(n)) throw new CostModelError(expr, `parameter ${expr} must be numeric to be a quantity`);
    return n;
  }
  if ("multiply" in expr) return expr.multiply.reduce<number>((acc, e) => acc * quantity(e, params), 1);
  if ("add" in expr) return expr.add.reduce<number>((acc, e) => acc + quantity(e, params), 0);
  return quantity(flag(params, expr.if) ? expr.then : expr.else, params);
}

function segment(seg: PriceSegment, params: Record<string, string>): string {
  return typeof seg === "string" ? interpolate(seg, params) : interpolate(flag(params, seg.if) ? seg.then : seg.else, params);
}

function lookup(table: PriceTable, path: string[]): number {
  let node: PriceNode | undefined = table.prices;
  for (const key of path) {
    node = typeof node === "object" ? node[key] : undefined;
    if (node === undefined) break;
  }
  if (typeof node !== "number")
    throw new CostModelError(`prices.${path.join(".")}`, `no price at prices.${path.join(".")} in the ${table.region} price table`);
  return node;
}

export function computeCost(model: CostLineModel[], params: Record<string, string>, table: PriceTable): Cost {
  const lines: CostLine[] = model.map((line) => {
    const price = lookup(
      table,
      line.price.map((s) => segment(s, params)),
    );
    const unitUsd = line.unit === "hour" ? price * table.hoursPerMonth : price;
    const qty = quantity(line.quantity, params);
    return { item: interpolate(line.item, params), quantity: qty, unitUsd: fourDecimals(unitUsd), monthlyUsd: cents(unitUsd * qty) };
  });
  return {
    monthlyUsd: cents(lines.reduce((sum, l) => sum + l.monthlyUsd, 0)),
    lines,
    region: table.region,
    priceSource: { date: table.date, source: table.source },
  };
}
