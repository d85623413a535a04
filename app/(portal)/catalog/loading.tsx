import { PageSkeleton } from "@/components/ui/skeleton";

export default function CatalogLoading() {
  return <PageSkeleton rows={8} />;
}
