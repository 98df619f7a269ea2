-- CreateEnum
CREATE TYPE "PromptKind" AS ENUM ('PROMPT', 'PARTIAL');

-- AlterTable
ALTER TABLE "Prompt" ADD COLUMN     "kind" "PromptKind" NOT NULL DEFAULT 'PROMPT';

-- AlterTable
ALTER TABLE "PromptVersion" ADD COLUMN     "partialVersionIds" JSONB NOT NULL DEFAULT '{}';
