import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochPoint } from '../../state/students';

/** Training loss and dev accuracy per epoch, updated live as epochs finish (rounds follow each other). */
export function LossChart({ points }: { points: EpochPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!box.current) return;
    plot.current = new uPlot(
      {
        width: 520,
        height: 220,
        scales: { x: { time: false }, acc: { range: [0, 1] } },
        axes: [{ label: 'epoch' }, { label: 'loss', scale: 'y' }, { label: 'dev accuracy', scale: 'acc', side: 1, grid: { show: false } }],
        series: [{ label: 'epoch' }, { label: 'loss', stroke: '#c62828', width: 2, scale: 'y' }, { label: 'dev accuracy', stroke: '#1565c0', width: 2, scale: 'acc' }],
      },
      [[], [], []],
      box.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData([points.map((p) => p.x), points.map((p) => p.loss), points.map((p) => (Number.isFinite(p.devAccuracy) ? p.devAccuracy : null))] as uPlot.AlignedData);
  }, [points]);

  const last = points[points.length - 1];
  return (
    <figure class="loss-chart">
      <div ref={box} data-testid="loss-chart" data-epochs={points.length} />
      {last && (
        <figcaption class="hint" data-testid="last-epoch">
          {last.round > 0 ? `Round ${last.round}, ` : ''}epoch {last.x}: loss {last.loss.toFixed(4)}
          {Number.isFinite(last.devAccuracy) ? `, dev accuracy ${(last.devAccuracy * 100).toFixed(1)} %` : ''}
        </figcaption>
      )}
    </figure>
  );
}
