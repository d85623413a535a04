export { renderStack, METADATA_KEY, type RenderResult, type RenderSummary, type StackParameter, type StackTag } from "./render";
export { RenderInputError, renderErrorsToFields, type FieldIssue } from "./errors";
export { slugify, toTagValue } from "./slug";
export { canonicalJson } from "./canonical";
export { validateTemplate, type TemplateProblem } from "./validate";
export {
  createResolveContext,
  resolve,
  activeResources,
  parameterValues,
  NO_VALUE,
  type ResolveContext,
  type Resolved,
} from "./intrinsics";
export {
  renderInputSchema,
  clientSchema,
  environmentSchema,
  regionSchema,
  type RenderInput,
  type ParsedRenderInput,
  type Environment,
} from "./schemas";
export { MASK, maskParameters, maskedRevisionParameters, noEchoNames } from "./secrets";
