// Liveness: the process is up and serving. Readiness (database, CloudFormation) is /api/ready.
export function GET() {
  return Response.json({ status: "ok" });
}
