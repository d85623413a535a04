// Download one catalog size's rendered template (placeholder client unless ?client= is given).
// ?format=yaml|json (default yaml) &env=production|staging (default: production when the size
// allows it) &client=Display Name. Authorized here, not by the proxy: every role has catalog:read.
import { getSessionUser } from "@/lib/auth/session";
import { authorize } from "@/lib/auth/policy";
import { getBlueprint } from "@/lib/catalog";
import { findSize } from "@/lib/catalog";
import { downloadFile } from "@/lib/catalog/view";
import { route } from "@/lib/http/route";

const json = (status: number, body: object) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export const GET = route(async (request: Request, { params }: { params: Promise<{ blueprint: string; size: string }> }) => {
  const user = await getSessionUser();
  if (!user) return json(401, { error: "Sign in to continue." });
  const decision = authorize(user, "catalog:read");
  if (!decision.allowed) return json(403, { error: decision.reason });

  const { blueprint: blueprintId, size: sizeId } = await params;
  const blueprint = getBlueprint(blueprintId);
  const size = blueprint && findSize(blueprint, sizeId);
  if (!blueprint || !size) return json(404, { error: "No such blueprint or size in the catalog." });

  const file = downloadFile(blueprint, size, new URL(request.url).searchParams);
  if (!file.ok) return json(400, { error: file.error, fieldErrors: file.fieldErrors });
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      // Stack names are [a-z0-9-] only, so the filename needs no escaping.
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      // The sha256 of the canonical JSON body (what CloudFormation receives), as the template page shows it.
      "X-Stackport-Template-Sha256": file.sha256,
    },
  });
});
