-- AlterTable
ALTER TABLE "ChangeRequest" ADD COLUMN     "rollbackConfiguration" TEXT,
ADD COLUMN     "rolloutId" TEXT;

-- CreateTable
CREATE TABLE "Rollout" (
    "id" TEXT NOT NULL,
    "blueprintId" TEXT NOT NULL,
    "toVersion" TEXT NOT NULL,
    "selection" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "reason" TEXT,
    "waves" TEXT,
    "groups" TEXT,
    "manifestHash" TEXT,
    "requiredApprovals" INTEGER NOT NULL DEFAULT 1,
    "monthlyDeltaUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "haltReason" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Rollout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutTarget" (
    "id" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "requestId" TEXT,
    "state" TEXT NOT NULL,
    "reason" TEXT,
    "wave" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,
    "baseSha" TEXT,
    "newSha" TEXT,
    "changeSetId" TEXT,
    "groupKey" TEXT,
    "releasedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RolloutTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutApproval" (
    "id" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "approverId" TEXT NOT NULL,
    "manifestHash" TEXT NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RolloutApproval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Rollout_state_createdAt_idx" ON "Rollout"("state", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RolloutTarget_requestId_key" ON "RolloutTarget"("requestId");

-- CreateIndex
CREATE INDEX "RolloutTarget_rolloutId_state_position_idx" ON "RolloutTarget"("rolloutId", "state", "position");

-- CreateIndex
CREATE UNIQUE INDEX "RolloutTarget_rolloutId_clientId_key" ON "RolloutTarget"("rolloutId", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "RolloutApproval_rolloutId_approverId_manifestHash_key" ON "RolloutApproval"("rolloutId", "approverId", "manifestHash");

-- CreateIndex
CREATE INDEX "ChangeRequest_rolloutId_idx" ON "ChangeRequest"("rolloutId");

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rollout" ADD CONSTRAINT "Rollout_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutTarget" ADD CONSTRAINT "RolloutTarget_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutTarget" ADD CONSTRAINT "RolloutTarget_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutApproval" ADD CONSTRAINT "RolloutApproval_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutApproval" ADD CONSTRAINT "RolloutApproval_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A rollout's approvals are append-only: an approval of an older manifest simply stops counting.
CREATE TRIGGER "RolloutApproval_no_update" BEFORE UPDATE ON "RolloutApproval"
  FOR EACH ROW EXECUTE FUNCTION "stackport_append_only"();

CREATE TRIGGER "RolloutApproval_no_delete" BEFORE DELETE ON "RolloutApproval"
  FOR EACH ROW EXECUTE FUNCTION "stackport_append_only"();

CREATE TRIGGER "RolloutApproval_no_truncate" BEFORE TRUNCATE ON "RolloutApproval"
  FOR EACH STATEMENT EXECUTE FUNCTION "stackport_append_only"();
