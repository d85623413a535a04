-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "driftCheckedAt" TIMESTAMP(3),
ADD COLUMN     "driftStatus" TEXT,
ADD COLUMN     "outputs" TEXT;

-- CreateTable
CREATE TABLE "Operation" (
    "id" TEXT NOT NULL,
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
    "leaseUntil" TIMESTAMP(3),
    "cfnCalls" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Operation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StackEvent" (
    "seq" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "logicalId" TEXT NOT NULL,
    "physicalId" TEXT,
    "resourceType" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "storedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StackEvent_pkey" PRIMARY KEY ("seq")
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

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StackEvent" ADD CONSTRAINT "StackEvent_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "Operation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
