-- AlterTable
ALTER TABLE "PromptVersion" ADD COLUMN     "toolDefinitions" JSONB NOT NULL DEFAULT '[]';
