import type { Histogram } from '../../../core/table/profile';

/** A histogram as small inline SVG bars (no axes: the row beside it gives min and max). */
export function MiniHistogram({ histogram, label, format }: { histogram: Histogram; label: string; format: (v: number) => string }) {
  const width = 160;
  const height = 36;
  const max = Math.max(1, ...histogram.counts);
  const barW = width / histogram.counts.length;
  return (
    <svg class="mini-histogram" width={width} height={height} role="img" aria-label={`Histogram of ${label}, ${format(histogram.edges[0])} to ${format(histogram.edges[histogram.edges.length - 1])}`}>
      {histogram.counts.map((count, b) => {
        const h = (count / max) * (height - 2);
        return (
          <rect key={b} x={b * barW} y={height - h} width={Math.max(1, barW - 1)} height={h} fill="var(--accent)">
            <title>{`${format(histogram.edges[b])} – ${format(histogram.edges[b + 1])}: ${count.toLocaleString('en-US')}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
