import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm test` typechecks the whole repository once (tsc --noEmit); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Renders app/(portal)/forbidden.tsx (a 403 inside the portal's navigation) when a page calls forbidden().
  experimental: { authInterrupts: true },
  // Every page's <title> goes in the <head> before its content, for every browser (Next streams it
  // into the body later by default for a dynamic page, and a screen reader may announce the page untitled).
  htmlLimitedBots: /.*/,
  // Native and server-only packages are loaded by Node at run time rather than bundled.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          // A baseline for responses the proxy gives no policy (API answers, static files); every
          // page gets the full policy with a per-request script nonce from proxy.ts, which replaces this one.
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'" },
        ],
      },
    ];
  },
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "bcryptjs"],
};

export default nextConfig;
