import type { DriftChart } from '../../../core/drift/charts';

const W = 160;
const H = 48;
const REF = '#1565c0';
const CUR = '#e65100';
const pct = (v: number) => `${(v * 100).toFixed(0)} %`;

/**
 * A drift row's small chart: two overlaid histograms (reference blue, current orange) over shared bins,
 * or the shares of the top categories side by side. The label says what it shows in words.
 */
export function MiniChart({ chart, column }: { chart: DriftChart; column: string }) {
  const top = Math.max(...chart.reference, ...chart.current, 1e-9);
  const n = chart.reference.length;
  const slot = W / n;
  const y = (v: number) => H - (v / top) * (H - 2);
  const label =
    chart.kind === 'histogram'
      ? `${column}: histograms of reference and current from ${chart.edges[0].toPrecision(3)} to ${chart.edges[chart.edges.length - 1].toPrecision(3)}`
      : `${column}: ${chart.names.map((name, i) => `${name} ${pct(chart.reference[i])} → ${pct(chart.current[i])}`).join(', ')}`;
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="drift-chart" data-kind={chart.kind}>
      <title>{label}</title>
      {chart.kind === 'histogram'
        ? chart.reference.map((r, i) => (
            <g key={i}>
              <rect x={i * slot} y={y(r)} width={slot} height={H - y(r)} fill={REF} fill-opacity={0.45} />
              <rect x={i * slot} y={y(chart.current[i])} width={slot} height={H - y(chart.current[i])} fill={CUR} fill-opacity={0.45} />
            </g>
          ))
        : chart.reference.map((r, i) => (
            <g key={i}>
              <rect x={i * slot + 1} y={y(r)} width={slot / 2 - 1} height={H - y(r)} fill={REF} />
              <rect x={i * slot + slot / 2} y={y(chart.current[i])} width={slot / 2 - 1} height={H - y(chart.current[i])} fill={CUR} />
            </g>
          ))}
    </svg>
  );
}
