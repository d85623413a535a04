-- AlterTable
ALTER TABLE "Client" ADD COLUMN "driftCheckedAt" DATETIME;
ALTER TABLE "Client" ADD COLUMN "driftStatus" TEXT;
ALTER TABLE "Client" ADD COLUMN "outputs" TEXT;

-- CreateTable
CREATE TABLE "Operation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "stackName" TEXT NOT NULL,
    "stackId" TEXT,
    "stackStatus" TEXT,
    "statusReason" TEXT,
    "resourcesTotal" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "cfnCalls" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "Operation_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StackEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "logicalId" TEXT NOT NULL,
    "physicalId" TEXT,
    "resourceType" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "timestamp" DATETIME NOT NULL,
    "storedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StackEvent_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "Operation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Operation_requestId_key" ON "Operation"("requestId");

-- CreateIndex
CREATE INDEX "Operation_phase_leaseUntil_idx" ON "Operation"("phase", "leaseUntil");

-- CreateIndex
CREATE UNIQUE INDEX "StackEvent_eventId_key" ON "StackEvent"("eventId");

-- CreateIndex
CREATE INDEX "StackEvent_operationId_seq_idx" ON "StackEvent"("operationId", "seq");

-- CreateIndex
CREATE INDEX "StackEvent_clientId_seq_idx" ON "StackEvent"("clientId", "seq");
