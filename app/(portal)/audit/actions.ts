"use server";

import { z } from "zod";
import { safeAction } from "@/lib/actions/safe-action";
import { verifyStoredChain, type LogVerifyResult } from "@/lib/audit/verify-url";

export const verifyChainAction = safeAction(z.object({}), "audit:verify", async () => {
  const result: LogVerifyResult = await verifyStoredChain();
  return { ok: true, data: result };
});
