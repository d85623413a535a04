import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { NAV_ITEMS } from "./_components/nav-items";
import { MainNav } from "./_components/nav-link";
import { SignOutButton } from "./_components/sign-out-button";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const items = NAV_ITEMS.filter((item) => can(user, item.action));
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="bg-brand-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <div className="flex flex-wrap items-center gap-6">
            <Link href="/" className="text-lg font-bold tracking-tight text-white">
              Stackport
            </Link>
            <MainNav items={items.map(({ href, label }) => ({ href, label }))} />
          </div>
          <div className="flex items-center gap-3">
            <p className="text-right text-sm leading-tight text-brand-50">
              <span className="block font-medium text-white">{user.name}</span>
              <span className="block text-xs" data-testid="current-role">
                {ROLE_LABELS[user.role]}
              </span>
            </p>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
