-- AlterTable
ALTER TABLE "User" ADD COLUMN     "roleConfirmedById" TEXT,
ADD COLUMN     "roleGrantedAt" TIMESTAMP(3),
ADD COLUMN     "roleGrantedById" TEXT;
