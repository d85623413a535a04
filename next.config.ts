import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm test` typechecks the whole repository once (tsc --noEmit); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Renders app/(portal)/forbidden.tsx (a 403 inside the portal's navigation) when a page calls forbidden().
  experimental: { authInterrupts: true },
  // Native and server-only packages are loaded by Node at run time rather than bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "bcryptjs"],
};

export default nextConfig;
