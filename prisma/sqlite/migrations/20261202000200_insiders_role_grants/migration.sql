-- AlterTable
ALTER TABLE "User" ADD COLUMN "roleConfirmedById" TEXT;
ALTER TABLE "User" ADD COLUMN "roleGrantedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "roleGrantedById" TEXT;
