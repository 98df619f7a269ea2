/** A bar chart of one series, drawn by `ChartCanvas`. */
import { useMemo } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { ChartCanvas } from './ChartCanvas.tsx';

export function BarChart({ labels, values, label, summary }: { labels: string[]; values: number[]; label: string; summary: string }) {
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: { labels, datasets: [{ label, data: values, backgroundColor: '#0550ae' }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } },
    }),
    [labels, values, label],
  );
  return <ChartCanvas config={config} summary={summary} />;
}
