import { readFile } from "node:fs/promises";
import path from "node:path";
import { route } from "@/lib/http/route";

// The API reference's renderer (Scalar's standalone bundle and its stylesheet, from node_modules),
// served only to the page that uses it: no other route loads a byte of it.
const ASSETS: Record<string, { file: string; type: string }> = {
  "scalar.js": { file: "dist/browser/standalone.js", type: "text/javascript; charset=utf-8" },
  "scalar.css": { file: "dist/style.css", type: "text/css; charset=utf-8" },
};
const cache = new Map<string, Promise<Buffer>>();

export const GET = route(async (_request: Request, { params }: { params: Promise<{ asset: string }> }) => {
  const asset = ASSETS[(await params).asset];
  if (!asset) return new Response("Not found", { status: 404 });
  let body = cache.get(asset.file);
  if (!body) cache.set(asset.file, (body = readFile(path.join(process.cwd(), "node_modules/@scalar/api-reference", asset.file))));
  return new Response(new Uint8Array(await body), { headers: { "Content-Type": asset.type, "Cache-Control": "public, max-age=86400" } });
});
