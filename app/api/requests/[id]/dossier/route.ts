import { buildDossier, DossierUnavailableError } from "@/lib/audit/dossier-build";
import { authorize } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/requests/<id>/dossier
// The request's dossier as one JSON download: its change-log entries with inclusion proofs, the
// signed checkpoint and the public key (`npm run audit:verify-dossier -- file.json` checks it).
export const GET = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await getSessionUser();
  const decision = authorize(user, "audit:read");
  if (!decision.allowed) return Response.json({ error: decision.reason }, { status: user ? 403 : 401 });
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return Response.json({ error: "No such change request." }, { status: 404 });
  try {
    const dossier = await buildDossier(id);
    return new Response(`${JSON.stringify(dossier, null, 2)}\n`, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="stackport-dossier-${id}.json"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return Response.json({ error: "No such change request." }, { status: 404 });
    if (error instanceof DossierUnavailableError) return Response.json({ error: error.message }, { status: 409 });
    throw error;
  }
});
