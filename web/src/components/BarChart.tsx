/**
 * A bar chart (Chart.js, the library the extension's analytics view uses), loaded on demand. The
 * canvas is an image to assistive technology, labelled with what it shows; the same figures are
 * always in a table beside it.
 */
import { useEffect, useRef } from 'react';

export function BarChart({ labels, values, label, summary }: { labels: string[]; values: number[]; label: string; summary: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let live = true;
    void import('chart.js/auto').then(({ default: Chart }) => {
      if (!live || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: { labels, datasets: [{ label, data: values, backgroundColor: '#0550ae' }] },
        options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } },
      });
    });
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [labels, values, label]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
