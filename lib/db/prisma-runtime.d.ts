// Prisma's query compiler modules ship without type declarations; plan-cache.ts wraps their class.
declare module "@prisma/client/runtime/query_compiler_bg.postgresql.mjs" {
  export const QueryCompiler: import("./plan-cache").QueryCompilerClass;
}
declare module "@prisma/client/runtime/query_compiler_bg.sqlite.mjs" {
  export const QueryCompiler: import("./plan-cache").QueryCompilerClass;
}
