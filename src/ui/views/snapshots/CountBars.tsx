/** Grouped bars: per class, the count in snapshot A next to the count in snapshot B. Plain SVG. */
export function CountBars({ classes, a, b, testId }: { classes: string[]; a: number[]; b: number[]; testId?: string }) {
  const label = 110;
  const width = 300;
  const bar = 12;
  const group = 2 * bar + 8;
  const max = Math.max(1, ...a, ...b);
  const colors = ['#90a4ae', '#1565c0'];
  return (
    <svg width={label + width + 70} height={classes.length * group + 24} role="img" aria-label="Items per class in both snapshots" data-testid={testId} class="chart">
      {['A', 'B'].map((name, i) => (
        <g key={name}>
          <rect x={label + i * 60} y={2} width={10} height={10} fill={colors[i]} />
          <text x={label + i * 60 + 14} y={11} font-size="11">{name}</text>
        </g>
      ))}
      {classes.map((name, c) => (
        <g key={name}>
          <text x={label - 6} y={20 + c * group + group / 2} font-size="11" text-anchor="end">{name.length > 16 ? name.slice(0, 15) + '…' : name}</text>
          {[a[c], b[c]].map((v, i) => (
            <g key={i}>
              <rect x={label} y={18 + c * group + i * bar} width={(v / max) * width} height={bar - 1} fill={colors[i]} />
              <text x={label + (v / max) * width + 4} y={18 + c * group + i * bar + 9} font-size="9">{v.toLocaleString('en-US')}</text>
            </g>
          ))}
        </g>
      ))}
    </svg>
  );
}
