-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "maintenanceDay" TEXT,
ADD COLUMN     "maintenanceMinutes" INTEGER,
ADD COLUMN     "maintenanceStart" TEXT,
ADD COLUMN     "maintenanceZone" TEXT;

-- AlterTable
ALTER TABLE "ChangeRequest" ADD COLUMN     "overrides" TEXT,
ADD COLUMN     "scheduledFor" TIMESTAMP(3),
ADD COLUMN     "scheduledUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "TemplateRevision" ADD COLUMN     "blueprintVersion" TEXT,
ADD COLUMN     "inputsDigest" TEXT;
