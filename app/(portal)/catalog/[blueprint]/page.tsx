import { notFound, redirect } from "next/navigation";
import { getBlueprint } from "@/lib/catalog";

// A blueprint is shown as a section of the catalog page; its own URL (the breadcrumbs' middle
// link) goes there.
export default async function BlueprintPage({ params }: { params: Promise<{ blueprint: string }> }) {
  const { blueprint } = await params;
  if (!getBlueprint(blueprint)) notFound();
  redirect(`/catalog#${blueprint}`);
}
