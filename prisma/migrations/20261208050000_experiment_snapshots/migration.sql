-- CreateTable
CREATE TABLE "ExperimentSnapshot" (
    "id" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "nControl" INTEGER NOT NULL,
    "nTreatment" INTEGER NOT NULL,
    "difference" DOUBLE PRECISION NOT NULL,
    "pValue" DOUBLE PRECISION NOT NULL,
    "lower" DOUBLE PRECISION NOT NULL,
    "upper" DOUBLE PRECISION NOT NULL,
    "verdict" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExperimentSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExperimentSnapshot_experimentId_versionId_metric_createdAt_idx" ON "ExperimentSnapshot"("experimentId", "versionId", "metric", "createdAt");

-- AddForeignKey
ALTER TABLE "ExperimentSnapshot" ADD CONSTRAINT "ExperimentSnapshot_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
