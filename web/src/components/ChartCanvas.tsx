/**
 * A Chart.js chart (the library the extension's analytics view uses), loaded on demand. The canvas
 * is an image to assistive technology, labelled with what it shows; pages keep the same figures in
 * a table beside it.
 */
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'react';

/** `config` is drawn as given (memoize it: a new object redraws); `summary` is the canvas's accessible name. */
export function ChartCanvas({ config, summary }: { config: ChartConfiguration; summary: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let live = true;
    void import('chart.js/auto').then(({ default: Chart }) => {
      if (!live || !canvas.current) return;
      chart = new Chart(canvas.current, config);
    });
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [config]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
