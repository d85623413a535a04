"use server";

import { redirect } from "next/navigation";
import { signOutCurrentSession } from "@/lib/auth/sign-out";

// The sign-out form in the portal's header. Cross-site posts never reach it: the proxy refuses
// them (lib/http/csrf.ts), as it does every server action.
export async function signOutAction(): Promise<never> {
  await signOutCurrentSession();
  redirect("/signin");
}
