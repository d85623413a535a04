import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getEnv, oidcConfigured } from "@/lib/env";
import { getSessionUser } from "@/lib/auth/session";
import { OIDC_PROVIDER_ID } from "@/lib/auth/options";
import { Card, CardBody } from "@/components/ui/card";
import { SignInForm } from "./_components/signin-form";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  OAuthSignin: "Single sign-on could not start. Try again, or use your email and password.",
  OAuthCallback: "Single sign-on did not complete. Try again.",
  Callback: "Single sign-on did not complete. Try again.",
  AccessDenied: "Your account has no access to Stackport.",
  SessionRequired: "Sign in to continue.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  if (await getSessionUser()) redirect("/");
  const env = getEnv();
  // Only same-site paths are followed after sign-in.
  const next = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
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
