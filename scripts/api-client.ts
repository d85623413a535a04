// `npm run api:client`: regenerates the typed client's types from the API's zod schemas.
import { writeFileSync } from "node:fs";
import { apiDocument } from "../lib/api/spec";
import { clientTypes, SCHEMA_FILE } from "../lib/api/client/generate";

writeFileSync(SCHEMA_FILE, await clientTypes(apiDocument()));
console.log(`wrote ${SCHEMA_FILE}`);
