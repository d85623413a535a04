-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "lastRetriedAt" TIMESTAMP(3),
ADD COLUMN     "manualRetries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "roundStart" INTEGER NOT NULL DEFAULT 0;
