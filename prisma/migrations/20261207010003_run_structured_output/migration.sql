-- AlterTable
ALTER TABLE "DatasetItem" ADD COLUMN     "tools" JSONB;

-- AlterTable
ALTER TABLE "TestRun" ADD COLUMN     "outputJson" JSONB,
ADD COLUMN     "schemaValid" BOOLEAN,
ADD COLUMN     "toolCalls" JSONB;
