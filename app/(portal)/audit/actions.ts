"use server";

import { z } from "zod";
import { safeAction } from "@/lib/actions/safe-action";
import { verifyStoredChain } from "@/lib/audit/verify-url";
import type { VerifyResult } from "@/lib/audit/verify";

export const verifyChainAction = safeAction(z.object({}), "audit:verify", async () => {
  const result: VerifyResult = await verifyStoredChain();
  return { ok: true, data: result };
});
