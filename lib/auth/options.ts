import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv, oidcConfigured } from "../env";
import { signInWithPassword, SignInError } from "./sign-in";
import { signInWithSso, type SsoProfile } from "./sso";
import { CLIENT_ADDRESS_HEADER, normalizeAddress } from "../http/client-address";
import { db } from "../db";
import { currentSessionUser } from "./session";
import { sessionCookieName } from "./session-cookies";

class SessionEndedError extends Error {
  constructor() {
    super("The session has ended.");
  }
}

export const OIDC_PROVIDER_ID = "oidc";

// Stamped on the request where the HTTP server received it (lib/http/capture-address.ts), from
// the socket or TRUSTED_PROXY_HOPS; never the client's own X-Forwarded-For.
function clientAddress(headers: Record<string, string | string[] | undefined> | undefined): string | null {
  const value = headers?.[CLIENT_ADDRESS_HEADER];
  return normalizeAddress(Array.isArray(value) ? value[0] : value);
}

export function buildAuthOptions(): NextAuthOptions {
  const env = getEnv();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        try {
          const user = await signInWithPassword(credentials, clientAddress(request?.headers));
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          // next-auth passes a thrown message back to the sign-in form as `error`.
          if (error instanceof SignInError) throw new Error(error.message);
          throw error;
        }
      },
    }),
  ];
  // AUTH_LOCAL_ACCOUNTS=false: single sign-on only; no password sign-in at all.
  if (!env.AUTH_LOCAL_ACCOUNTS) providers.length = 0;
  if (oidcConfigured(env)) {
    providers.push({
      id: OIDC_PROVIDER_ID,
      name: env.OIDC_DISPLAY_NAME,
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: `openid email profile ${env.OIDC_GROUPS_CLAIM}` } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      profile(profile: SsoProfile) {
        return { id: profile.sub, email: profile.email, name: profile.name ?? profile.email };
      },
    });
  }

  const https = env.NEXTAUTH_URL.startsWith("https://");
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: env.SESSION_MAX_AGE_SECONDS },
    // __Host-: Secure, path /, no Domain, so a sibling subdomain cannot plant a session cookie.
    ...(https
      ? {
          cookies: {
            sessionToken: {
              name: sessionCookieName(env.NEXTAUTH_URL),
              options: { httpOnly: true, sameSite: "lax", path: "/", secure: true },
            },
          },
        }
      : {}),
    logger: {
      error(code, metadata) {
        // A renewal refused because the session ended is the expected outcome, not an error.
        if (metadata instanceof SessionEndedError) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const outcome = await signInWithSso(profile as SsoProfile);
        if (!outcome.ok) return `/no-access?reason=${outcome.reason}`;
        // Hand the portal's own user id to the jwt callback below.
        user.id = outcome.user.id;
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          // Sign-in: the session version it is issued under, and when, for the absolute lifetime.
          const row = await db.user.findUnique({ where: { id: user.id }, select: { sessionVersion: true } });
          return { ...token, uid: user.id, sv: row?.sessionVersion ?? 0, authTime: Math.floor(Date.now() / 1000) };
        }
        // Renewal (GET /api/auth/session) keeps authTime, and refuses an ended session: next-auth
        // then expires the cookie instead of re-issuing it.
        if (!(await currentSessionUser(token, env.SESSION_MAX_AGE_SECONDS))) throw new SessionEndedError();
        return token;
      },
      async session({ session, token }) {
        // The role is read from the user row on every request (lib/auth/session.ts),
        // never trusted from the token, so only the id travels in the session.
        return { ...session, uid: token.uid };
      },
    },
  };
}
