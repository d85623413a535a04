// `npm run -s api:spec`: prints the OpenAPI document /api/v1/openapi.json serves, without a server.
import { apiDocument } from "../lib/api/spec";

process.stdout.write(`${JSON.stringify(apiDocument(), null, 2)}\n`);
