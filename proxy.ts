import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getEnv } from "@/lib/env";

// Redirects anonymous visitors to sign-in — nothing more. Authorization happens again in
// every page, action and route handler against the user row (lib/auth).
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: getEnv().NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const url = new URL("/signin", request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== "/") url.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(url);
}

export const config = {
  // API routes answer 401/403 themselves (JSON, not a redirect to a page).
  matcher: ["/((?!api/|signin|no-access|_next/static|_next/image|favicon.ico|screenshot).*)"],
};
