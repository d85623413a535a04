// The shapes a render produces, shared by render.ts and secrets.ts (and everything that stores a revision).
import type { JsonObject } from "../catalog";

export interface StackParameter {
  ParameterKey: string;
  ParameterValue: string;
}
export interface StackTag {
  Key: string;
  Value: string;
}
export interface RenderSummary {
  resourceCount: number;
  byType: Record<string, number>;
  highlights: string[];
}
export interface RenderResult {
  /** Stack-safe client slug. */
  slug: string;
  /** `<slug>-<blueprint>-<environment>`, the CloudFormation stack name. */
  stackName: string;
  /** Deeply frozen; shares structure with the catalog. */
  template: JsonObject;
  body: string;
  parameters: StackParameter[];
  tags: StackTag[];
  sha256: string;
  summary: RenderSummary;
  /** The blueprint version rendered, and the digest of that version's files. */
  blueprintVersion: string;
  inputsDigest: string;
}
