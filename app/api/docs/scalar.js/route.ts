import { readFile } from "node:fs/promises";
import path from "node:path";
import { route } from "@/lib/http/route";

// The API reference's renderer (Scalar's standalone bundle, from node_modules), served only to the
// page that uses it: no other route loads a byte of it.
let bundle: Promise<Buffer> | undefined;

export const GET = route(async () => {
  bundle ??= readFile(path.join(process.cwd(), "node_modules/@scalar/api-reference/dist/browser/standalone.js"));
  return new Response(new Uint8Array(await bundle), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
});
