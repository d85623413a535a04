import Link from "next/link";
import { Alert } from "@/components/ui/alert";

/** "N clients run an older blueprint version", linking to the filtered clients list; nothing when none are behind. */
export function BehindNotice({ count, whose }: { count: number; whose: "your" | "all" }) {
  if (count === 0) return null;
  const clients = `${count} ${whose === "your" ? "of your clients" : count === 1 ? "client" : "clients"}`;
  return (
    <Alert tone="warning" title="Behind the current blueprint version">
      {clients} {count === 1 ? "runs" : "run"} an older blueprint version.{" "}
      <Link href="/clients?behind=1" className="font-medium underline">
        See {count === 1 ? "it" : "them"} and request updates
      </Link>
    </Alert>
  );
}
