-- AlterTable
ALTER TABLE "Client" ADD COLUMN "maintenanceDay" TEXT;
ALTER TABLE "Client" ADD COLUMN "maintenanceMinutes" INTEGER;
ALTER TABLE "Client" ADD COLUMN "maintenanceStart" TEXT;
ALTER TABLE "Client" ADD COLUMN "maintenanceZone" TEXT;

-- AlterTable
ALTER TABLE "ChangeRequest" ADD COLUMN "overrides" TEXT;
ALTER TABLE "ChangeRequest" ADD COLUMN "scheduledFor" DATETIME;
ALTER TABLE "ChangeRequest" ADD COLUMN "scheduledUntil" DATETIME;

-- AlterTable
ALTER TABLE "TemplateRevision" ADD COLUMN "blueprintVersion" TEXT;
ALTER TABLE "TemplateRevision" ADD COLUMN "inputsDigest" TEXT;
