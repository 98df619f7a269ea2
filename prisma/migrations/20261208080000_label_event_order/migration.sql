-- AlterTable
ALTER TABLE "LabelEvent" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "LabelEvent_promptId_label_seq_idx" ON "LabelEvent"("promptId", "label", "seq");

-- CreateIndex
CREATE INDEX "LabelEvent_promptId_seq_idx" ON "LabelEvent"("promptId", "seq");
