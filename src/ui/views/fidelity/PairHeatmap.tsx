import type { PairTrend } from '../../../core/fidelity/shapes';

/** Pair-trend scores as a lower-triangle heatmap: darker = the two sets agree less on that pair. */
export function PairHeatmap({ columns, pairs }: { columns: string[]; pairs: PairTrend[] }) {
  const index = new Map(columns.map((c, i) => [c, i]));
  const n = columns.length;
  const cell = Math.max(4, Math.min(16, Math.floor(320 / Math.max(1, n))));
  const label = 110;
  const size = label + n * cell;
  return (
    <figure class="chart" data-testid="fidelity-heatmap">
      <svg width={size} height={size} role="img" aria-label="Pair trend scores, one square per column pair">
        {cell >= 10 &&
          columns.map((c, i) => (
            <text key={c} x={label - 4} y={label + i * cell + cell * 0.75} font-size="9" text-anchor="end" fill="var(--fg)">{c.length > 18 ? `${c.slice(0, 17)}…` : c}</text>
          ))}
        {pairs.map((p) => {
          const i = index.get(p.columns[0]);
          const j = index.get(p.columns[1]);
          if (i === undefined || j === undefined) return null;
          const [row, col] = i > j ? [i, j] : [j, i];
          // Score 1 → white, 0.5 or less → full red.
          const bad = Math.max(0, Math.min(1, (1 - p.score) * 2));
          return (
            <rect key={p.columns.join('|')} x={label + col * cell} y={label + row * cell} width={cell - 1} height={cell - 1} fill={`rgb(${255 - 63 * bad}, ${255 - 198 * bad}, ${255 - 212 * bad})`} stroke="var(--line)" stroke-width={0.5}>
              <title>{`${p.columns[0]} × ${p.columns[1]}: ${p.score.toFixed(3)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>Pair trends: white = the sets agree, red = they differ (score ≤ 0.5).</figcaption>
    </figure>
  );
}
