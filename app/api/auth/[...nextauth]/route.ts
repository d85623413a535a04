import NextAuth from "next-auth";
import { buildAuthOptions } from "@/lib/auth/options";
import { route } from "@/lib/http/route";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth checks its own CSRF token on sign-in and sign-out; route() also refuses any POST
// here (sign-in, sign-out, callbacks) that a browser sends from another site.
const handler = route(async (request: Request, context: Context) => {
  // next-auth 4 reads params synchronously; Next 16 hands them over as a promise.
  const params = await context.params;
  return NextAuth(buildAuthOptions())(request, { params });
});

export { handler as GET, handler as POST };
