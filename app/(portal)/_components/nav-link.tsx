"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** The main navigation; the most specific item matching the current path is marked current. */
export function MainNav({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  const matches = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  const active = items.filter((i) => matches(i.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.href === active ? "page" : undefined}
          className={cn(
            "rounded-md px-3 py-2 text-sm font-medium",
            item.href === active ? "bg-brand-700 text-white" : "text-brand-50 hover:bg-brand-700/60",
          )}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
