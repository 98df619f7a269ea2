-- AlterTable
ALTER TABLE "TestRun" ADD COLUMN     "judgeCostUsd" DECIMAL(14,8) NOT NULL DEFAULT 0;
