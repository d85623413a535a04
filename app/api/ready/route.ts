import { checkReadiness } from "@/lib/health";

export const dynamic = "force-dynamic";

// Readiness: the database answers and CloudFormation (sandbox or AWS) is reachable.
export async function GET() {
  const result = await checkReadiness();
  return Response.json(result, { status: result.ready ? 200 : 503 });
}
