import { authorize } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { exportAuditStream, EXPORT_CONTENT_TYPES } from "@/lib/audit/export";
import { exportFormatSchema, parseAuditSearch } from "@/lib/audit/schemas";
import { route } from "@/lib/http/route";

// GET /api/audit/export?format=csv|ndjson&<the log browser's filters>
// Streams every matching entry, oldest first, as a download. Answers in JSON when refused.
export const GET = route(async (request: Request) => {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "Sign in to continue." }, { status: 401 });
  const decision = authorize(user, "audit:read");
  if (!decision.allowed) return Response.json({ error: decision.reason }, { status: 403 });

  const params = Object.fromEntries(new URL(request.url).searchParams);
  const format = exportFormatSchema.safeParse(params.format);
  const parsed = parseAuditSearch(params);
  if (!format.success || !parsed.ok) {
    const fieldErrors = {
      ...(parsed.ok ? {} : parsed.fieldErrors),
      ...(format.success ? {} : { format: format.error.issues.map((i) => i.message) }),
    };
    return Response.json({ error: "Some filters need attention.", fieldErrors }, { status: 400 });
  }
  // An export is the whole filtered log, not a page of it.
  const { before: _before, ...filters } = parsed.search;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return new Response(exportAuditStream(filters, format.data), {
    headers: {
      "Content-Type": EXPORT_CONTENT_TYPES[format.data],
      "Content-Disposition": `attachment; filename="stackport-audit-${stamp}.${format.data}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
