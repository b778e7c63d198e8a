import type { ReliabilityBin } from '../../../core/calibration/metrics';

/**
 * Small SVG charts: a reliability diagram (accuracy per confidence bin against the diagonal), a
 * confusion-matrix heatmap, and grouped horizontal bars. Plain SVG: a few dozen shapes, nothing to load.
 */
const W = 260;
const H = 260;
const PAD = 28;

export function ReliabilityDiagram({ series, testId }: { series: { name: string; color: string; bins: ReliabilityBin[] }[]; testId?: string }) {
  const x = (v: number) => PAD + v * (W - PAD - 8);
  const y = (v: number) => H - PAD - v * (H - PAD - 8);
  const barWidth = (W - PAD - 8) / (series[0]?.bins.length || 15) / Math.max(1, series.length);
  return (
    <svg width={W} height={H} role="img" aria-label="Reliability diagram" data-testid={testId} class="chart">
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#999" stroke-dasharray="4 3" />
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(0)} stroke="#666" />
      <line x1={x(0)} y1={y(0)} x2={x(0)} y2={y(1)} stroke="#666" />
      {series.map((s, si) =>
        s.bins.map((bin, b) =>
          bin.count > 0 ? (
            <rect key={`${si}-${b}`} x={x(bin.lo) + si * barWidth} y={y(bin.accuracy)} width={Math.max(1, barWidth - 1)} height={y(0) - y(bin.accuracy)} fill={s.color} opacity={0.75}>
              <title>{`${s.name}: confidence ${bin.lo.toFixed(2)}–${bin.hi.toFixed(2)}, ${bin.count} items, accuracy ${(bin.accuracy * 100).toFixed(1)} %, mean confidence ${(bin.confidence * 100).toFixed(1)} %`}</title>
            </rect>
          ) : null,
        ),
      )}
      <text x={x(0.5)} y={H - 6} text-anchor="middle" font-size="11">confidence</text>
      <text x={10} y={y(0.5)} font-size="11" transform={`rotate(-90 10 ${y(0.5)})`} text-anchor="middle">accuracy</text>
      <text x={x(0)} y={y(0) + 12} font-size="10" text-anchor="middle">0</text>
      <text x={x(1)} y={y(0) + 12} font-size="10" text-anchor="middle">1</text>
      {series.map((s, si) => (
        <g key={s.name}>
          <rect x={x(0.04)} y={12 + si * 14} width={10} height={10} fill={s.color} />
          <text x={x(0.04) + 14} y={21 + si * 14} font-size="11">{s.name}</text>
        </g>
      ))}
    </svg>
  );
}

/** Row = gold, column = predicted; cell shade = share of the gold row. */
export function ConfusionHeatmap({ classes, confusion, testId }: { classes: string[]; confusion: number[]; testId?: string }) {
  const k = classes.length;
  const cell = Math.max(18, Math.min(44, Math.floor(320 / k)));
  const left = 70;
  const top = 40;
  return (
    <svg width={left + k * cell + 8} height={top + k * cell + 8} role="img" aria-label="Confusion matrix" data-testid={testId} class="chart">
      <text x={left} y={12} font-size="11">predicted →</text>
      {classes.map((name, c) => (
        <text key={`c${c}`} x={left + c * cell + cell / 2} y={top - 6} font-size="10" text-anchor="middle">{name.slice(0, 6)}</text>
      ))}
      {classes.map((name, g) => {
        const total = confusion.slice(g * k, g * k + k).reduce((a, b) => a + b, 0);
        return (
          <g key={`r${g}`}>
            <text x={left - 6} y={top + g * cell + cell / 2 + 4} font-size="10" text-anchor="end">{name.slice(0, 10)}</text>
            {classes.map((_, p) => {
              const count = confusion[g * k + p];
              const share = total ? count / total : 0;
              return (
                <g key={p}>
                  <rect x={left + p * cell} y={top + g * cell} width={cell - 1} height={cell - 1} fill={g === p ? `rgba(46,125,50,${0.15 + 0.85 * share})` : `rgba(198,40,40,${share > 0 ? 0.15 + 0.85 * share : 0.04})`} />
                  <text x={left + p * cell + cell / 2} y={top + g * cell + cell / 2 + 4} font-size="10" text-anchor="middle">{count}</text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** One group per row (e.g. a source), one bar per metric, values in [0, 1]. */
export function MetricBars({ rows, metrics, testId }: { rows: { name: string; values: number[] }[]; metrics: { name: string; color: string }[]; testId?: string }) {
  const label = 220;
  const width = 260;
  const bar = 10;
  const group = metrics.length * bar + 8;
  return (
    <svg width={label + width + 50} height={rows.length * group + 24} role="img" aria-label="Canary scores" data-testid={testId} class="chart">
      {metrics.map((m, i) => (
        <g key={m.name}>
          <rect x={label + i * 110} y={2} width={10} height={10} fill={m.color} />
          <text x={label + i * 110 + 14} y={11} font-size="11">{m.name}</text>
        </g>
      ))}
      {rows.map((row, r) => (
        <g key={r}>
          <text x={label - 6} y={20 + r * group + group / 2} font-size="11" text-anchor="end">{row.name.length > 34 ? row.name.slice(0, 33) + '…' : row.name}</text>
          {row.values.map((v, i) => (
            <g key={i}>
              <rect x={label} y={18 + r * group + i * bar} width={Number.isFinite(v) ? Math.max(0, v) * width : 0} height={bar - 1} fill={metrics[i].color} />
              <text x={label + (Number.isFinite(v) ? Math.max(0, v) * width : 0) + 4} y={18 + r * group + i * bar + 8} font-size="9">{Number.isFinite(v) ? v.toFixed(3) : '–'}</text>
            </g>
          ))}
        </g>
      ))}
    </svg>
  );
}
