import { route } from "@/lib/http/route";

// Liveness: the process is up and serving. Readiness (database, CloudFormation) is /api/ready.
export const GET = route(() => Response.json({ status: "ok" }));
