import type { Metadata } from "next";
import { Suspense } from "react";
import { PageSkeleton } from "@/components/ui/skeleton";
import { requireUser } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { PageHeader } from "@/components/ui/page-header";
import { AccountManagerHome } from "./_components/home-account-manager";
import { EngineerHome } from "./_components/home-engineer";
import { AuditorHome } from "./_components/home-auditor";
import { AdminHome } from "./_components/home-admin";

export const metadata: Metadata = { title: "Home" };

const HOMES = { ACCOUNT_MANAGER: AccountManagerHome, ENGINEER: EngineerHome, AUDITOR: AuditorHome, ADMIN: AdminHome };

export default async function HomePage() {
  const user = await requireUser();
  const Home = HOMES[user.role];
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name.split(" ")[0]}`}
        description={`Signed in as ${ROLE_LABELS[user.role].toLowerCase()} (${user.email}).`}
      />
      <Suspense fallback={<PageSkeleton />}>
        <Home user={user} />
      </Suspense>
    </>
  );
}
