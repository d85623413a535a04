import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES_ROOT, getBlueprint, loadCatalog, type JsonObject } from "../catalog";
import { ValidationError } from "../errors";
import { RenderInputError, renderStack, slugify, type RenderInput } from "./index";

const base = {
  blueprintId: "stateless-web",
  sizeId: "large",
  client: { displayName: "Acme Pty Ltd", environment: "production", region: "ap-southeast-2", owner: "jane@acme.example" },
} satisfies RenderInput;

function renderError(input: unknown): RenderInputError {
  try {
    renderStack(input as RenderInput);
  } catch (e) {
    if (e instanceof RenderInputError) return e;
    throw e;
  }
  throw new Error("expected a RenderInputError");
}

describe("renderStack determinism", () => {
  it("gives byte-identical bodies and hashes for the same input, across catalog loads and key orders", () => {
    const a = renderStack(base);
    const b = renderStack({
      client: { owner: "jane@acme.example", region: "ap-southeast-2", environment: "production", displayName: "Acme Pty Ltd" },
      sizeId: "large",
      blueprintId: "stateless-web",
    });
    const c = renderStack(base, { catalog: loadCatalog(DEFAULT_TEMPLATES_ROOT) });
    expect(b.body).toBe(a.body);
    expect(c.body).toBe(a.body);
    expect(a.sha256).toBe(createHash("sha256").update(a.body).digest("hex"));
    expect([b.sha256, c.sha256]).toEqual([a.sha256, a.sha256]);
    expect(JSON.parse(a.body)).toEqual(a.template);
  });

  it.each<[string, Partial<RenderInput>]>([
    ["size", { sizeId: "enterprise" }],
    ["revision", { metadata: { revision: 2 } }],
    ["change request", { metadata: { changeRequestId: "CR-42" } }],
    ["override", { overrides: { DatabaseEngine: "mysql" } }],
  ])("changes the hash when the %s changes", (_name, change) => {
    expect(renderStack({ ...base, ...change }).sha256).not.toBe(renderStack(base).sha256);
  });

  it("fits CloudFormation's 51,200-byte TemplateBody limit for every size", () => {
    for (const size of getBlueprint("stateless-web")!.sizes) {
      expect(
        Buffer.byteLength(renderStack({ ...base, sizeId: size.id, client: { ...base.client, environment: "staging" } }).body),
      ).toBeLessThan(51_200);
    }
  });
});

describe("renderStack output", () => {
  const result = renderStack({ ...base, overrides: { DatabaseEngine: "mysql" }, metadata: { revision: 7, changeRequestId: "CR-1001" } });
  const params = Object.fromEntries(result.parameters.map((p) => [p.ParameterKey, p.ParameterValue]));

  it("sends the size's values, the override and the environment as parameters and as Defaults", () => {
    expect(params).toMatchObject({
      Environment: "production",
      InstanceType: "m6i.large",
      DatabaseEngine: "mysql",
      DatabaseMultiAz: "true",
    });
    const tParams = result.template.Parameters as Record<string, JsonObject>;
    for (const [k, v] of Object.entries(params)) expect(String(tParams[k].Default)).toBe(v);
    expect(result.parameters.map((p) => p.ParameterKey)).toEqual(Object.keys(tParams).sort());
  });

  it("records portal metadata in Metadata and identity in tags, never in resource names", () => {
    expect((result.template.Metadata as JsonObject).Stackport).toEqual({
      blueprint: "stateless-web",
      blueprintVersion: getBlueprint("stateless-web")!.version,
      size: "large",
      environment: "production",
      region: "ap-southeast-2",
      client: { displayName: "Acme Pty Ltd", slug: "acme-pty-ltd", owner: "jane@acme.example" },
      overrides: { DatabaseEngine: "mysql" },
      revision: 7,
      changeRequestId: "CR-1001",
    });
    expect(result.tags).toContainEqual({ Key: "stackport:client-slug", Value: "acme-pty-ltd" });
    expect(result.tags.map((t) => t.Key)).not.toContain("stackport:revision");
    const { Metadata: _omit, ...rest } = result.template;
    expect(JSON.stringify(rest)).not.toMatch(/acme|CR-1001/i);
    expect(result.stackName).toBe("acme-pty-ltd-stateless-web-production");
  });

  it("summarises the resources that exist for this size", () => {
    const small = renderStack({ ...base, sizeId: "small", client: { ...base.client, environment: "staging" } });
    const enterprise = renderStack({ ...base, sizeId: "enterprise" });
    for (const r of [small, enterprise]) expect(Object.values(r.summary.byType).reduce((a, b) => a + b, 0)).toBe(r.summary.resourceCount);
    expect(small.summary.byType["AWS::EC2::NatGateway"]).toBe(1);
    expect(enterprise.summary.byType["AWS::EC2::NatGateway"]).toBe(3);
    expect(enterprise.summary.byType["AWS::EC2::Subnet"]).toBe(9);
    expect(small.summary.resourceCount).toBeLessThan(enterprise.summary.resourceCount);
    expect(enterprise.summary.highlights).toContain("3 Availability Zones");
    expect(small.summary.highlights).toContain("Plain HTTP only (no certificate given)");
  });

  it("returns a frozen template and leaves the catalog's template untouched", () => {
    expect(Object.isFrozen(result.template)).toBe(true);
    const catalogDefault = (getBlueprint("stateless-web")!.template.Parameters as Record<string, JsonObject>).DatabaseEngine.Default;
    expect(catalogDefault).toBe("postgres");
  });
});

describe("slugify", () => {
  it.each([
    ["Acme Pty Ltd", "acme-pty-ltd"],
    ["Café Zürich", "cafe-zurich"],
    ["Smith & Sons", "smith-and-sons"],
    ["O'Reilly Media", "oreilly-media"],
    ["  --Hello__World--  ", "hello-world"],
    ["3M Company", "c-3m-company"],
    ["ACME", "acme"],
    ["日本", ""],
    ["The Extraordinarily Long Name Of A Holding Company Limited", "the-extraordinarily-long-name-of-a"],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
    if (slug) expect(slug).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(slug.length).toBeLessThanOrEqual(40);
  });
});

describe("renderStack input errors name the field and the rule", () => {
  it.each<[string, unknown, string, RegExp]>([
    ["missing blueprint", { ...base, blueprintId: undefined }, "blueprintId", /is required/],
    ["unknown blueprint", { ...base, blueprintId: "lambda-api" }, "blueprintId", /unknown blueprint; choose one of stateless-web/],
    ["unknown size", { ...base, sizeId: "huge" }, "sizeId", /unknown size; choose one of small, medium, large, enterprise/],
    ["production below medium", { ...base, sizeId: "small" }, "sizeId", /production needs at least the Medium size/],
    [
      "bad environment",
      { ...base, client: { ...base.client, environment: "prod" } },
      "client.environment",
      /must be production or staging/,
    ],
    ["bad region", { ...base, client: { ...base.client, region: "mars-north-1x" } }, "client.region", /AWS region/],
    ["empty display name", { ...base, client: { ...base.client, displayName: "   " } }, "client.displayName", /is required/],
    [
      "display name with nothing sluggable",
      { ...base, client: { ...base.client, displayName: "日本" } },
      "client.displayName",
      /stack name/,
    ],
    ["owner with markup", { ...base, client: { ...base.client, owner: "<script>" } }, "client.owner", /may contain only/],
    ["missing client", { ...base, client: undefined }, "client", /is required/],
    ["unknown field", { ...base, colour: "blue" }, "colour", /not a known field/],
    ["override not allowed", { ...base, overrides: { InstanceType: "t3.small" } }, "overrides.InstanceType", /is not adjustable/],
    [
      "override outside its values",
      { ...base, overrides: { DatabaseEngine: "oracle" } },
      "overrides.DatabaseEngine",
      /must be one of postgres, mysql/,
    ],
    ["override breaking its pattern", { ...base, overrides: { CertificateArn: "not-an-arn" } }, "overrides.CertificateArn", /must match/],
    ["override breaking the template's limit", { ...base, overrides: { AppPort: "99999" } }, "overrides.AppPort", /at most 65535/],
    ["bad client slug", { ...base, metadata: { clientSlug: "Acme!" } }, "metadata.clientSlug", /lower-case/],
    ["negative revision", { ...base, metadata: { revision: -1 } }, "metadata.revision", /negative/],
  ])("%s", (_name, input, field, message) => {
    const error = renderError(input);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toContainEqual({ field, message: expect.stringMatching(message) });
    // The form shows fieldErrors, not issues: the same message must reach the field it names.
    expect(error.fieldErrors[field]).toContainEqual(expect.stringMatching(message));
  });

  it("reports every broken field at once", () => {
    const error = renderError({ ...base, sizeId: "small", overrides: { Nope: "1", DatabaseEngine: "db2" } });
    expect(error.issues.map((i) => i.field).sort()).toEqual(["overrides.DatabaseEngine", "overrides.Nope", "sizeId"]);
  });
});

describe("stateless-web 1.1.0: load balancer alarms", () => {
  const rendered = renderStack({
    blueprintId: "stateless-web",
    sizeId: "medium",
    client: { displayName: "Alarm Check", environment: "production", region: "us-east-1", owner: "ops@example.com" },
  });
  const resources = rendered.template.Resources as Record<string, JsonObject>;
  const outputs = rendered.template.Outputs as Record<string, JsonObject>;

  it("alarms on the 5xx rate over the load balancer's requests and on unhealthy hosts of its target group", () => {
    const rate = resources.LoadBalancer5xxRateAlarm.Properties as JsonObject;
    expect(resources.LoadBalancer5xxRateAlarm.Type).toBe("AWS::CloudWatch::Alarm");
    const metrics = rate.Metrics as JsonObject[];
    expect(metrics.find((m) => m.ReturnData === true)?.Expression).toMatch(/elb5xx.*target5xx.*\/ requests/);
    expect(
      metrics.map((m) => ((m.MetricStat as JsonObject | undefined)?.Metric as JsonObject | undefined)?.MetricName).filter(Boolean),
    ).toEqual(["RequestCount", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count"]);
    const unhealthy = resources.UnhealthyHostsAlarm.Properties as JsonObject;
    expect(unhealthy.MetricName).toBe("UnHealthyHostCount");
    expect(JSON.stringify(unhealthy.Dimensions)).toContain("TargetGroup.TargetGroupFullName".split(".")[0]);
  });

  it("exports both alarms' ARNs as outputs", () => {
    expect(outputs.LoadBalancer5xxAlarmArn.Value).toEqual({ "Fn::GetAtt": ["LoadBalancer5xxRateAlarm", "Arn"] });
    expect(outputs.UnhealthyHostsAlarmArn.Value).toEqual({ "Fn::GetAtt": ["UnhealthyHostsAlarm", "Arn"] });
  });
});

describe("stateless-web 1.2.0: least outstanding requests, and a stricter TLS policy where there is a certificate", () => {
  const client = { displayName: "Routing Check", environment: "production", region: "us-east-1", owner: "ops@example.com" } as const;
  const plain = renderStack({ blueprintId: "stateless-web", sizeId: "medium", client });
  const https = renderStack({
    blueprintId: "stateless-web",
    sizeId: "medium",
    client,
    overrides: { CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0b5e6f1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c" },
  });
  const resources = (r: typeof plain) => r.template.Resources as Record<string, JsonObject>;

  it("sends each request to the app instance with the fewest in progress", () => {
    const attributes = (resources(plain).TargetGroup.Properties as JsonObject).TargetGroupAttributes as JsonObject[];
    expect(attributes).toContainEqual({ Key: "load_balancing.algorithm.type", Value: "least_outstanding_requests" });
    expect(plain.blueprintVersion).toBe("1.2.0");
  });

  it("gives the HTTPS listener, which exists only with a certificate, the forward-secret TLS policy", () => {
    const listener = resources(https).HttpsListener;
    expect(listener.Condition).toBe("HasCertificate");
    expect((listener.Properties as JsonObject).SslPolicy).toBe("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
    expect(plain.parameters.find((p) => p.ParameterKey === "CertificateArn")?.ParameterValue ?? "").toBe("");
    expect(https.parameters.find((p) => p.ParameterKey === "CertificateArn")?.ParameterValue).toMatch(/^arn:aws:acm:/);
  });
});
