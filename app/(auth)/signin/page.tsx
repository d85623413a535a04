import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getEnv, oidcConfigured } from "@/lib/env";
import { getSessionUser } from "@/lib/auth/session";
import { OIDC_PROVIDER_ID } from "@/lib/auth/options";
import { Card, CardBody } from "@/components/ui/card";
import { SignInForm } from "./_components/signin-form";
import { readSearchParams, textParam, type RawSearchParams } from "@/lib/http/search-params";
import { safeCallbackPath } from "@/lib/http/callback-url";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  OAuthSignin: "Single sign-on could not start. Try again, or use your email and password.",
  OAuthCallback: "Single sign-on did not complete. Try again.",
  Callback: "Single sign-on did not complete. Try again.",
  AccessDenied: "Your account has no access to Stackport.",
  SessionRequired: "Sign in to continue.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const { callbackUrl, error } = readSearchParams({ callbackUrl: textParam(2000), error: textParam(300) }, await searchParams);
  if (await getSessionUser()) redirect("/");
  const env = getEnv();
  // Only paths on the portal's own origin are followed after sign-in.
  const next = safeCallbackPath(callbackUrl, env.NEXTAUTH_URL);
  return (
    <Card>
      <CardBody className="p-6">
        <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600">Provision and review client stacks.</p>
        <SignInForm
          callbackUrl={next}
          sso={oidcConfigured(env) ? { id: OIDC_PROVIDER_ID, name: env.OIDC_DISPLAY_NAME } : null}
          initialError={
            error
              ? (ERRORS[error] ?? (error === "CredentialsSignin" ? "Email or password is incorrect." : "Sign-in failed. Try again."))
              : undefined
          }
        />
      </CardBody>
    </Card>
  );
}
