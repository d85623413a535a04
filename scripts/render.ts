// Render a blueprint from the command line, exactly as the portal would.
//
//   npx tsx scripts/render.ts --blueprint stateless-web --size large --client "Acme Pty Ltd" \
//     --env production [--region us-east-1] [--owner jane@acme.example] [--set Key=Value ...] \
//     [--revision N] [--change-request ID] [--slug acme] [--format yaml|json] [--out DIR]
//
// --format json prints one JSON object {template, parameters, tags, sha256} and nothing else.
// --out DIR also writes template.json (the exact body the sha256 covers), parameters.json and
// tags.json in the shapes `aws cloudformation create-stack` reads with file://.
// Exit codes: 0 ok, 2 bad input (stderr names the option and rule), 1 anything else.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { CatalogError } from "../lib/catalog";
import { canonicalJson } from "../lib/render/canonical";
import { RenderInputError, renderStack, type RenderInput } from "../lib/render";

const FLAG_FOR_FIELD: Record<string, string> = {
  blueprintId: "--blueprint",
  sizeId: "--size",
  "client.displayName": "--client",
  "client.environment": "--env",
  "client.region": "--region",
  "client.owner": "--owner",
  "metadata.revision": "--revision",
  "metadata.changeRequestId": "--change-request",
  "metadata.clientSlug": "--slug",
};

class UsageError extends Error {}

function flagFor(field: string): string {
  if (field.startsWith("overrides.")) return `--set ${field.slice("overrides.".length)}=…`;
  return FLAG_FOR_FIELD[field] ?? field;
}

function parseInput(argv: string[]): { input: RenderInput; format: "yaml" | "json"; out?: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        blueprint: { type: "string" },
        size: { type: "string" },
        client: { type: "string" },
        env: { type: "string" },
        region: { type: "string", default: "us-east-1" },
        owner: { type: "string", default: "stackport-cli" },
        set: { type: "string", multiple: true, default: [] },
        revision: { type: "string" },
        "change-request": { type: "string" },
        slug: { type: "string" },
        format: { type: "string", default: "yaml" },
        out: { type: "string" },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.format !== "yaml" && values.format !== "json")
    throw new UsageError(`--format must be yaml or json, got ${JSON.stringify(values.format)}`);
  const overrides: Record<string, string> = {};
  for (const pair of values.set) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set needs Key=Value, got ${JSON.stringify(pair)}`);
    overrides[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const revision = values.revision === undefined ? undefined : Number(values.revision);
  const metadata = {
    ...(revision !== undefined ? { revision } : {}),
    ...(values["change-request"] !== undefined ? { changeRequestId: values["change-request"] } : {}),
    ...(values.slug !== undefined ? { clientSlug: values.slug } : {}),
  };
  const input = {
    blueprintId: values.blueprint,
    sizeId: values.size,
    client: { displayName: values.client, environment: values.env, region: values.region, owner: values.owner },
    ...(Object.keys(overrides).length ? { overrides } : {}),
    ...(Object.keys(metadata).length ? { metadata } : {}),
  } as RenderInput; // completeness and types are checked by the shared zod schema in renderStack
  return { input, format: values.format, out: values.out };
}

function main(argv: string[]): number {
  try {
    const { input, format, out } = parseInput(argv);
    const result = renderStack(input);
    const document = { template: result.template, parameters: result.parameters, tags: result.tags, sha256: result.sha256 };
    if (out) {
      mkdirSync(out, { recursive: true });
      const files: Record<string, string> = {
        "template.json": result.body,
        "parameters.json": `${JSON.stringify(result.parameters, null, 2)}\n`,
        "tags.json": `${JSON.stringify(result.tags, null, 2)}\n`,
        ...(format === "yaml" ? { "template.yaml": stringify(result.template, { aliasDuplicateObjects: false }) } : {}),
      };
      for (const [name, content] of Object.entries(files)) writeFileSync(path.join(out, name), content);
      if (format === "yaml") {
        process.stdout.write(`${result.stackName}: ${result.summary.resourceCount} resources, sha256 ${result.sha256}\n`);
        for (const name of Object.keys(files)) process.stdout.write(`  wrote ${path.join(out, name)}\n`);
        return 0;
      }
    }
    process.stdout.write(format === "json" ? `${canonicalJson(document)}\n` : stringify(document, { aliasDuplicateObjects: false }));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof RenderInputError) {
      for (const i of e.issues) process.stderr.write(`error: ${flagFor(i.field)} (${i.field}): ${i.message}\n`);
      return 2;
    }
    if (e instanceof CatalogError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
