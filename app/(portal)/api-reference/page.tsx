import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { ApiReference } from "./_components/api-reference";

export const metadata: Metadata = { title: "API reference" };

export default async function ApiReferencePage() {
  await requirePageUser("catalog:read");
  // The proxy puts this response's policy (and so its nonce) on the request.
  const policy = (await headers()).get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1] ?? "";
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            Everything the portal does, as JSON over HTTPS at <code>/api/v1</code>. Authenticate with an API token from{" "}
            <Link className="text-brand-700 underline" href="/tokens">
              Your API tokens
            </Link>{" "}
            (<code>Authorization: Bearer spk_…</code>). The document:{" "}
            <a className="text-brand-700 underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            .
          </>
        }
      />
      <ApiReference nonce={nonce} />
    </>
  );
}
