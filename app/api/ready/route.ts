import { checkReadiness } from "@/lib/health";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Readiness: the database answers and CloudFormation (sandbox or AWS) is reachable.
export const GET = route(async () => {
  const result = await checkReadiness();
  return Response.json(result, { status: result.ready ? 200 : 503 });
});
