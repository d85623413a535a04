"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: "/signin" })} className="rounded-md px-3 py-2 text-sm font-medium text-brand-50 hover:bg-brand-700/60">
      Sign out
    </button>
  );
}
