#!/usr/bin/env node
// The stackport command: the automation API from a terminal (cli/main.ts, run through tsx).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv);
