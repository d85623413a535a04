"use server";

import { z } from "zod";
import { safeAction } from "@/lib/actions/safe-action";
import { checkConnection, type ConnectionReport } from "@/lib/cloud/connection";

// Not written to the change log: the check changes nothing (two reads and a temporary session
// per role). Each run is logged as one JSON line (`connection_check`, with the outcome per step).
export const runConnectionCheckAction = safeAction(z.object({}), "system:check", async () => {
  const report: ConnectionReport = await checkConnection();
  return { ok: true, data: report, message: report.ok ? "Every check passed." : "Some checks failed; each failed step says why." };
});
