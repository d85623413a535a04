-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "driftReport" TEXT;

-- AlterTable
ALTER TABLE "ChangeRequest" ADD COLUMN     "resourcesToSkip" TEXT;
