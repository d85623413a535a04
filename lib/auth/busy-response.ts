import { BUSY_RETRY_SECONDS } from "./busy";

/**
 * next-auth answers a refused credentials sign-in with 401 (JSON `{url}` or a redirect) whose
 * URL carries the message as `error`. When the refusal was the concurrency cap, the answer
 * becomes 429 with Retry-After, same body, so clients and load balancers can back off.
 */
export async function busyAs429(response: Response, busyMessage: string): Promise<Response> {
  const location = response.headers.get("location");
  let url = location;
  let body: string | null = null;
  if (!url && response.headers.get("content-type")?.includes("json")) {
    body = await response.clone().text();
    try {
      url = (JSON.parse(body) as { url?: unknown }).url as string;
    } catch {
      url = null;
    }
  }
  if (typeof url !== "string") return response;
  let error: string | null = null;
  try {
    error = new URL(url, "http://portal.invalid").searchParams.get("error");
  } catch {
    return response;
  }
  if (error !== busyMessage) return response;
  const headers = new Headers(response.headers);
  headers.delete("location");
  headers.set("retry-after", String(BUSY_RETRY_SECONDS));
  headers.set("content-type", "application/json");
  return new Response(body ?? JSON.stringify({ url }), { status: 429, headers });
}
