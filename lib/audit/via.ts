import { AsyncLocalStorage } from "node:async_hooks";

// How the actor of the current call acts, when not through the portal's own pages: the API runs
// each request inside withAuditVia("api:<token id>"), and every change-log entry the request's
// lib/ calls write records it (appendAudit reads it), without each writer having to pass it on.

const KEY = Symbol.for("stackport.audit.via");
const globalStore = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<string> };
const storage = (globalStore[KEY] ??= new AsyncLocalStorage<string>());

export function withAuditVia<T>(via: string, fn: () => T): T {
  return storage.run(via, fn);
}

export function currentAuditVia(): string | undefined {
  return storage.getStore();
}
