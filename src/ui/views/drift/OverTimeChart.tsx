import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PeriodRow } from '../../../core/drift/over-time';

/** Canary accuracy and macro-F1 per period as lines over time (x in seconds, as uPlot's time scale wants). */
export function OverTimeChart({ rows }: { rows: PeriodRow[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const plot = new uPlot(
      {
        width: 560,
        height: 220,
        scales: { x: { time: true }, y: { range: [0, 1] } },
        axes: [{}, { label: 'canary' }],
        series: [
          {},
          { label: 'accuracy', stroke: '#1565c0', width: 2, points: { show: true } },
          { label: 'macro-F1', stroke: '#2e7d32', width: 2, points: { show: true } },
        ],
      },
      [rows.map((r) => r.start / 1000), rows.map((r) => r.accuracy), rows.map((r) => (Number.isFinite(r.macroF1) ? r.macroF1 : null))] as uPlot.AlignedData,
      box.current,
    );
    return () => plot.destroy();
  }, [rows]);
  return <div ref={box} data-testid="over-time-chart" data-points={rows.length} aria-hidden="true" />;
}
