import { afterAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { copyTemplates } from "../../test/support/templates-copy";
import { templateView } from "../catalog/view";
import { revisionDiff } from "../changes/revision-diff";
import { canonicalJson, MASK, maskedRevisionParameters, noEchoNames, renderStack, type RenderInput } from "./index";

// The shipped blueprints declare no NoEcho parameter, so a copy of them gains one: a licence key
// with a default, which the account manager may also override.
const fixture = copyTemplates();
fixture.edit("stateless-web/template.yaml", (t) =>
  t.replace(
    "\nParameters:\n",
    "\nParameters:\n  LicenceKey:\n    Type: String\n    NoEcho: true\n    Default: default-licence-0001\n    Description: Licence key the application reads at start.\n",
  ),
);
fixture.edit("stateless-web/blueprint.yaml", (t) =>
  t.replace("\noverrides:\n", '\noverrides:\n  LicenceKey:\n    label: Licence key\n    pattern: "^[a-z0-9-]{8,40}$"\n'),
);
const catalog = loadCatalog(fixture.root);
afterAll(() => fixture.dispose());

const input = (licence?: string): RenderInput => ({
  blueprintId: "stateless-web",
  sizeId: "medium",
  client: { displayName: "Secretive Ltd", environment: "production", region: "us-east-1", owner: "ops@secretive.example" },
  ...(licence ? { overrides: { LicenceKey: licence } } : {}),
});
const revisionOf = (r: ReturnType<typeof renderStack>) => ({
  body: r.body,
  parameters: canonicalJson(r.parameters),
  tags: canonicalJson(r.tags),
});

describe("noEchoNames", () => {
  it('reads NoEcho: true and the string "true", nothing else', () => {
    const template = {
      Parameters: { A: { Type: "String", NoEcho: true }, B: { NoEcho: "true" }, C: { NoEcho: false }, D: { Type: "String" } },
    };
    expect([...noEchoNames(template)]).toEqual(["A", "B"]);
    expect(noEchoNames({}).size).toBe(0);
  });
});

describe("NoEcho parameters", () => {
  const rendered = renderStack(input("override-secret-42"), { catalog });

  it("reach CloudFormation with their real value", () => {
    expect(rendered.parameters).toContainEqual({ ParameterKey: "LicenceKey", ParameterValue: "override-secret-42" });
  });

  it("never appear in the rendered template body, whose hash approvals bind to", () => {
    expect(rendered.body).not.toContain("override-secret-42");
    expect(rendered.body).not.toContain("default-licence-0001");
    expect((rendered.template.Parameters as Record<string, Record<string, unknown>>).LicenceKey).toEqual({
      Type: "String",
      NoEcho: true,
      Description: "Licence key the application reads at start.",
    });
    // A template default is sent explicitly too, so leaving it out of the body changes nothing deployed.
    expect(renderStack(input(), { catalog }).parameters).toContainEqual({
      ParameterKey: "LicenceKey",
      ParameterValue: "default-licence-0001",
    });
  });

  it("are masked in a stored revision's parameters, and only they are", () => {
    const masked = maskedRevisionParameters(rendered.body, canonicalJson(rendered.parameters));
    expect(masked).toContainEqual({ ParameterKey: "LicenceKey", ParameterValue: MASK });
    expect(masked.filter((p) => p.ParameterValue === MASK)).toHaveLength(1);
    expect(masked).toContainEqual({ ParameterKey: "Environment", ParameterValue: "production" });
  });

  it("are masked in the review page's and revision history's parameter diff", () => {
    const before = renderStack(input("before-secret-01"), { catalog });
    const diff = revisionDiff(revisionOf(before), revisionOf(rendered));
    const text = JSON.stringify(diff);
    expect(text).not.toContain("before-secret-01");
    expect(text).not.toContain("override-secret-42");
    // Only the secret changed, and a masked value cannot show that: no line differs anywhere.
    expect(diff.parameters.stats).toMatchObject({ added: 0, removed: 0 });
    expect(diff.body.stats).toMatchObject({ added: 0, removed: 0 });
    const first = revisionDiff(null, revisionOf(rendered));
    expect(JSON.stringify(first.parameters)).toContain(`LicenceKey = ${MASK}`);
    expect(JSON.stringify(first)).not.toContain("override-secret-42");
  });

  it("are masked in the catalog's template view", () => {
    const blueprint = catalog.blueprints.find((b) => b.id === "stateless-web")!;
    const view = templateView(
      blueprint,
      blueprint.sizes.find((s) => s.id === "medium")!,
      "production",
      catalog,
    );
    expect(view.parameters).toContainEqual({ ParameterKey: "LicenceKey", ParameterValue: MASK });
    expect(JSON.stringify(view)).not.toContain("default-licence-0001");
  });
});
