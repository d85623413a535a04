import http from "node:http";
import https from "node:https";
import type { IncomingMessage } from "node:http";
import { getEnv } from "../env";
import { CLIENT_ADDRESS_HEADER, clientAddressFrom } from "./client-address";

// Next sets x-forwarded-for from the socket only when the request has none, so once a client
// sends one the socket's address never reaches a route handler. This stamps the address that
// counts (lib/http/client-address.ts) on every request as it arrives at the HTTP server, and
// overwrites whatever the client put in that header. Called once from instrumentation.ts.
let installed = false;

export function captureClientAddresses(): void {
  if (installed) return;
  installed = true;
  const hops = getEnv().TRUSTED_PROXY_HOPS;
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit;
    Server.prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const req = args[0] as IncomingMessage;
        const address = clientAddressFrom(req.headers["x-forwarded-for"], req.socket?.remoteAddress, hops);
        if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
        else delete req.headers[CLIENT_ADDRESS_HEADER];
      }
      return (emit as (event: string | symbol, ...args: unknown[]) => boolean).call(this, event, ...args);
    } as typeof emit;
  }
}
