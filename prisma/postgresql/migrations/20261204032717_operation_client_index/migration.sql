-- CreateIndex
CREATE INDEX "Operation_clientId_startedAt_idx" ON "Operation"("clientId", "startedAt");
