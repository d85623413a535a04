-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "driftLeaseUntil" TIMESTAMP(3);
