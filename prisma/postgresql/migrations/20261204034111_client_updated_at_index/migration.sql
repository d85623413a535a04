-- CreateIndex
CREATE INDEX "Client_updatedAt_idx" ON "Client"("updatedAt");
