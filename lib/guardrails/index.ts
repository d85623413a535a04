// Guardrails on a rendered template: the organisation's non-negotiables, checked before a change
// request can be approved. Pure; evaluates Fn::If and parameter Refs against the parameter
// values the stack will get (the rendered Defaults, or explicit values passed in).
import type { JsonObject } from "../catalog";
import { createPolicyContext, type Finding, type GuardrailRule } from "./context";
import { dataRules } from "./data-rules";
import { platformRules } from "./platform-rules";

export type { Finding, GuardrailRule, Severity } from "./context";

export const GUARDRAIL_RULES: readonly GuardrailRule[] = Object.freeze([...dataRules, ...platformRules]);

export function listGuardrailRules(): { id: string; severity: string; description: string }[] {
  return GUARDRAIL_RULES.map(({ id, severity, description }) => ({ id, severity, description }));
}

/**
 * Findings sorted by severity (errors first), resource and rule. `parameters` overrides the
 * template's parameter Defaults, for templates not produced by renderStack.
 */
export function evaluateGuardrails(
  template: JsonObject,
  options: { parameters?: Record<string, string>; rules?: readonly GuardrailRule[] } = {},
): Finding[] {
  const ctx = createPolicyContext(template, options.parameters);
  const findings: Finding[] = [];
  for (const rule of options.rules ?? GUARDRAIL_RULES) {
    for (const p of rule.check(ctx)) findings.push({ ruleId: rule.id, severity: rule.severity, message: p.message, resource: p.resource });
  }
  const rank = (f: Finding) => (f.severity === "error" ? 0 : 1);
  return findings.sort((a, b) => rank(a) - rank(b) || a.resource.localeCompare(b.resource) || a.ruleId.localeCompare(b.ruleId));
}

export function hasBlockingFindings(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
