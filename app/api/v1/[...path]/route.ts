import { serveApi } from "@/lib/api/server";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// The automation API (lib/api; reference at /api-reference, document at /api/v1/openapi.json).
// route() refuses a cross-site state change as for every route handler: a cookie session gets the
// same CSRF check as the portal's forms, and a script's bearer request carries no Origin.
const handler = route((request: Request) => serveApi(request));

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
