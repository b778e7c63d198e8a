import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RefitPoint } from '../../../data/review-refits';

/** The canary metric after each refit against the number of reviewed items, with the label model alone for comparison. */
export function RefitChart({ points, metric }: { points: RefitPoint[]; metric: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!box.current) return;
    plot.current = new uPlot(
      {
        width: 520,
        height: 220,
        scales: { x: { time: false } },
        axes: [{ label: 'reviewed items' }, { label: `canary ${metric}` }],
        series: [
          { label: 'reviewed' },
          { label: 'student', stroke: '#1565c0', width: 2, points: { show: true, size: 7 } },
          { label: 'label model alone', stroke: '#8d6e63', width: 2, dash: [6, 4], points: { show: true, size: 5 } },
        ],
      },
      [[], [], []],
      box.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [metric]);

  useEffect(() => {
    // Two refits at the same count (a refit without new answers) both stay on the chart, in order.
    plot.current?.setData([points.map((p) => p.reviewed), points.map((p) => p.canary), points.map((p) => p.labelModelCanary)] as uPlot.AlignedData);
  }, [points, metric]);

  return <div ref={box} class="refit-chart" data-testid="refit-chart" data-points={points.length} role="img" aria-label={`Canary ${metric} against reviewed items, ${points.length} refit${points.length === 1 ? '' : 's'}`} />;
}
