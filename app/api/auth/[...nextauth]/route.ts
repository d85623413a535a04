import NextAuth from "next-auth";
import { buildAuthOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context) {
  // next-auth 4 reads params synchronously; Next 16 hands them over as a promise.
  const params = await context.params;
  return NextAuth(buildAuthOptions())(request, { params });
}

export { handler as GET, handler as POST };
