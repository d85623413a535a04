// Node/V8 flags for the portal's server process (`next start`): the container entrypoint
// (scripts/container-start.mjs) and bench:load start it with the same ones.
//
// --max-semi-space-size=64: a page render allocates a few MB of short-lived objects (React
// elements, the RSC payload, Prisma rows), so with V8's default young generation (16 MiB
// semi-spaces) a busy portal spends a tenth of its time in scavenges. 64 MiB semi-spaces cut
// that and served 7–10% more pages per second under bench:load, for up to ~100 MiB more memory
// per process (the smallest Fargate task has 1 GiB).
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=64"];
