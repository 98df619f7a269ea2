-- CreateEnum
CREATE TYPE "ExperimentStatus" AS ENUM ('RUNNING', 'STOPPED', 'PROMOTED');

-- CreateEnum
CREATE TYPE "LabelRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- AlterTable
ALTER TABLE "Generation" ADD COLUMN     "experimentId" TEXT;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "protectedLabels" TEXT[] DEFAULT ARRAY['production']::TEXT[];

-- AlterTable
ALTER TABLE "PromptLabel" ADD COLUMN     "experimentId" TEXT;

-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "labelName" TEXT NOT NULL,
    "status" "ExperimentStatus" NOT NULL DEFAULT 'RUNNING',
    "stickyBy" TEXT,
    "controlVersionId" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "startedById" TEXT,
    "startedByKeyId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,
    "winnerVersionId" TEXT,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentArm" (
    "id" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "weight" INTEGER NOT NULL,
    "isControl" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ExperimentArm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabelEvent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "from" JSONB,
    "to" JSONB,
    "actorUserId" TEXT,
    "actorKeyId" TEXT,
    "via" TEXT NOT NULL,
    "reason" TEXT,
    "requestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabelEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabelRequest" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "target" JSONB NOT NULL,
    "reason" TEXT,
    "status" "LabelRequestStatus" NOT NULL DEFAULT 'PENDING',
    "requestedById" TEXT,
    "requestedByKeyId" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabelRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Experiment_promptId_labelName_startedAt_idx" ON "Experiment"("promptId", "labelName", "startedAt");

-- CreateIndex
CREATE INDEX "Experiment_status_idx" ON "Experiment"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ExperimentArm_experimentId_versionId_key" ON "ExperimentArm"("experimentId", "versionId");

-- CreateIndex
CREATE INDEX "LabelEvent_promptId_label_createdAt_idx" ON "LabelEvent"("promptId", "label", "createdAt");

-- CreateIndex
CREATE INDEX "LabelEvent_promptId_createdAt_idx" ON "LabelEvent"("promptId", "createdAt");

-- CreateIndex
CREATE INDEX "LabelRequest_promptId_status_createdAt_idx" ON "LabelRequest"("promptId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Generation_experimentId_versionId_idx" ON "Generation"("experimentId", "versionId");

-- CreateIndex
CREATE UNIQUE INDEX "PromptLabel_experimentId_key" ON "PromptLabel"("experimentId");

-- AddForeignKey
ALTER TABLE "PromptLabel" ADD CONSTRAINT "PromptLabel_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentArm" ADD CONSTRAINT "ExperimentArm_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentArm" ADD CONSTRAINT "ExperimentArm_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PromptVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelEvent" ADD CONSTRAINT "LabelEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelEvent" ADD CONSTRAINT "LabelEvent_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelRequest" ADD CONSTRAINT "LabelRequest_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelRequest" ADD CONSTRAINT "LabelRequest_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;
