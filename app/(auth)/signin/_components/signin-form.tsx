"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export function SignInForm({
  callbackUrl,
  sso,
  initialError,
}: {
  callbackUrl: string;
  sso: { id: string; name: string } | null;
  initialError?: string;
}) {
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false, callbackUrl });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Email or password is incorrect.");
  }

  return (
    <div className="mt-6 space-y-6">
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <form onSubmit={onSubmit} className="space-y-4" noValidate={false}>
        <Field id="email" label="Email">
          {(props) => <input {...props} name="email" type="email" autoComplete="username" required />}
        </Field>
        <Field id="password" label="Password">
          {(props) => <input {...props} name="password" type="password" autoComplete="current-password" required />}
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {sso ? (
        <div className="border-t border-slate-200 pt-6">
          <Button type="button" variant="secondary" className="w-full" onClick={() => signIn(sso.id, { callbackUrl })}>
            Sign in with {sso.name}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
