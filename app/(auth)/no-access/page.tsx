import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardBody } from "@/components/ui/card";
import { readSearchParams, textParam, type RawSearchParams } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "No access" };

const REASONS: Record<string, string> = {
  unmapped:
    "You signed in with single sign-on, but none of your groups gives access to Stackport. Ask your administrator to add you to a Stackport group.",
  disabled: "Your Stackport account has been disabled. Ask your administrator if you need access again.",
  "no-email": "Your identity provider did not share an email address, which Stackport needs to identify you.",
  "unverified-email": "Your identity provider says your email address is not verified. Verify it there, then sign in again.",
  "subject-changed":
    "A Stackport account with your email address belongs to a different identity at your identity provider, so you cannot sign in to it. Ask your administrator.",
};

export default async function NoAccessPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { reason } = readSearchParams({ reason: textParam(40) }, await searchParams);
  return (
    <Card>
      <CardBody className="p-6">
        <h1 className="text-xl font-semibold text-slate-900">You don’t have access to Stackport</h1>
        <p className="mt-3 text-sm text-slate-700">{REASONS[reason ?? ""] ?? REASONS.unmapped}</p>
        <p className="mt-6 text-sm">
          <Link className="font-medium text-brand-700 hover:underline" href="/signin">
            Back to sign-in
          </Link>
        </p>
      </CardBody>
    </Card>
  );
}
