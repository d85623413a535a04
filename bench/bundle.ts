// `npm run bench:bundle`: only the first-load JavaScript report of `npm run bench:load` (no
// servers, no load). Builds first when .next is missing or older than the sources; exits 1 when
// a route is over the target.
import { ensureBuild, printFirstLoadJs } from "./first-load-js";

ensureBuild();
process.exit(printFirstLoadJs() > 0 ? 1 : 0);
