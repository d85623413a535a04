import NextAuth from "next-auth";
import { buildAuthOptions } from "@/lib/auth/options";
import { route } from "@/lib/http/route";
import { BUSY } from "@/lib/auth/busy";
import { busyAs429 } from "@/lib/auth/busy-response";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth checks its own CSRF token on sign-in and sign-out; route() also refuses any POST
// here (sign-in, sign-out, callbacks) that a browser sends from another site.
const handler = route(async (request: Request, context: Context) => {
  // next-auth 4 reads params synchronously; Next 16 hands them over as a promise.
  const params = await context.params;
  // next-auth echoes query values into redirects; a control character there made it answer 500.
  if ([...new URL(request.url).searchParams.values()].some((v) => /[\u0000-\u001f\u007f]/.test(v))) {
    return Response.json({ error: "The request holds characters that are not allowed." }, { status: 400 });
  }
  const response: Response = await NextAuth(buildAuthOptions())(request, { params });
  return request.method === "POST" && params.nextauth.join("/") === "callback/credentials" ? busyAs429(response, BUSY) : response;
});

export { handler as GET, handler as POST };
