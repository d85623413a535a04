-- CreateTable
CREATE TABLE "Rollout" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "monthlyDeltaUsd" REAL NOT NULL DEFAULT 0,
    "haltReason" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Rollout_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RolloutTarget" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "releasedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RolloutTarget_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RolloutTarget_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RolloutApproval" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "rolloutId" TEXT NOT NULL,
    "approverId" TEXT NOT NULL,
    "manifestHash" TEXT NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RolloutApproval_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "RolloutApproval_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ChangeRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "requesterId" TEXT NOT NULL,
    "fromSizeId" TEXT,
    "toSizeId" TEXT,
    "baseRevisionId" TEXT,
    "sourceRevisionId" TEXT,
    "resourcesToSkip" TEXT,
    "revisionId" TEXT,
    "changeSetId" TEXT,
    "changeSetSummary" TEXT,
    "findings" TEXT NOT NULL DEFAULT '[]',
    "monthlyDeltaUsd" REAL NOT NULL DEFAULT 0,
    "requiredApprovals" INTEGER NOT NULL DEFAULT 1,
    "reason" TEXT,
    "decisionReason" TEXT,
    "failureReason" TEXT,
    "overrides" TEXT,
    "scheduledFor" DATETIME,
    "scheduledUntil" DATETIME,
    "rollbackConfiguration" TEXT,
    "rolloutId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ChangeRequest_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ChangeRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ChangeRequest_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "TemplateRevision" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ChangeRequest_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ChangeRequest" ("baseRevisionId", "changeSetId", "changeSetSummary", "clientId", "createdAt", "decisionReason", "failureReason", "findings", "fromSizeId", "id", "kind", "monthlyDeltaUsd", "overrides", "reason", "requesterId", "requiredApprovals", "resourcesToSkip", "revisionId", "scheduledFor", "scheduledUntil", "sourceRevisionId", "state", "toSizeId", "updatedAt", "version") SELECT "baseRevisionId", "changeSetId", "changeSetSummary", "clientId", "createdAt", "decisionReason", "failureReason", "findings", "fromSizeId", "id", "kind", "monthlyDeltaUsd", "overrides", "reason", "requesterId", "requiredApprovals", "resourcesToSkip", "revisionId", "scheduledFor", "scheduledUntil", "sourceRevisionId", "state", "toSizeId", "updatedAt", "version" FROM "ChangeRequest";
DROP TABLE "ChangeRequest";
ALTER TABLE "new_ChangeRequest" RENAME TO "ChangeRequest";
CREATE UNIQUE INDEX "ChangeRequest_revisionId_key" ON "ChangeRequest"("revisionId");
CREATE INDEX "ChangeRequest_state_createdAt_idx" ON "ChangeRequest"("state", "createdAt");
CREATE INDEX "ChangeRequest_clientId_createdAt_idx" ON "ChangeRequest"("clientId", "createdAt");
CREATE INDEX "ChangeRequest_rolloutId_idx" ON "ChangeRequest"("rolloutId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

-- A rollout's approvals are append-only: an approval of an older manifest simply stops counting.
CREATE TRIGGER "RolloutApproval_no_update" BEFORE UPDATE ON "RolloutApproval"
BEGIN
  SELECT RAISE(ABORT, 'RolloutApproval is append-only');
END;

CREATE TRIGGER "RolloutApproval_no_delete" BEFORE DELETE ON "RolloutApproval"
BEGIN
  SELECT RAISE(ABORT, 'RolloutApproval is append-only');
END;
