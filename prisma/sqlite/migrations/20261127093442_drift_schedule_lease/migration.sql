-- AlterTable
ALTER TABLE "Client" ADD COLUMN "driftLeaseUntil" DATETIME;
