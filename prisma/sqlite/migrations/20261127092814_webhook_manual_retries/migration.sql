-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN "roundStart" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "WebhookDelivery" ADD COLUMN "manualRetries" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "WebhookDelivery" ADD COLUMN "lastRetriedAt" DATETIME;
