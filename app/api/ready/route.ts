import { getSessionUser } from "@/lib/auth/session";
import { checkReadiness } from "@/lib/health";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Readiness: the database answers and CloudFormation (sandbox or AWS) is reachable. The probe is
// shared for a few seconds (lib/health.ts); anonymous callers (the load balancer) learn only
// ready or not, a signed-in person also what failed.
export const GET = route(async () => {
  const result = await checkReadiness();
  const body = (await getSessionUser()) ? result : { ready: result.ready };
  return Response.json(body, { status: result.ready ? 200 : 503 });
});
