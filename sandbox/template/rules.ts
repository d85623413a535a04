// The Rules section: assertions over parameter values, checked before any resource is touched.
import { TemplateError } from "../errors";
import { evaluate, Unknown, type EvalContext } from "./intrinsics";
import type { Template } from "./parse";

/** Throws the failing assertion's AssertDescription, as CloudFormation reports it. */
export function checkRules(t: Template, ctx: EvalContext): void {
  for (const [name, rule] of Object.entries(t.Rules ?? {})) {
    if (rule.RuleCondition !== undefined) {
      const applies = evaluate(rule.RuleCondition, ctx);
      if (applies !== true) continue; // false, or unknowable in the sandbox
    }
    for (const a of rule.Assertions ?? []) {
      const ok = evaluate(a.Assert, ctx);
      if (ok === false) throw new TemplateError(a.AssertDescription ?? `Template error: rule ${name} assertion failed`);
      if (ok !== true && !(ok instanceof Unknown)) throw new TemplateError(`Template error: rule ${name} must evaluate to a boolean`);
    }
  }
}
