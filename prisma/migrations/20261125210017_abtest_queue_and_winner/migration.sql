-- AlterEnum
ALTER TYPE "AbTestStatus" ADD VALUE 'QUEUED';

-- AlterTable
ALTER TABLE "AbTest" ADD COLUMN     "error" TEXT,
ADD COLUMN     "winnerChosenAt" TIMESTAMP(3),
ADD COLUMN     "winnerChosenById" TEXT;
