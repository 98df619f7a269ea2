-- AlterTable
ALTER TABLE "TestRun" ADD COLUMN     "outputJson" JSONB,
ADD COLUMN     "schemaValid" BOOLEAN,
ADD COLUMN     "toolCalls" JSONB;
