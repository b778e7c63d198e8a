/** Small inline SVG charts: a bar per table cell, and one grouped bar chart. No layout work, no library. */

export function Bar({ value, width = 72, color = 'var(--accent)', label }: { value: number | null; width?: number; color?: string; label?: string }) {
  const v = value === null || !Number.isFinite(value) ? 0 : Math.max(0, Math.min(1, value));
  return (
    <svg class="bar" width={width} height={10} role="img" aria-label={label ?? (value === null ? 'n/a' : `${(v * 100).toFixed(1)} %`)}>
      <rect x={0} y={1} width={width} height={8} fill="var(--line)" rx={2} />
      <rect x={0} y={1} width={v * width} height={8} fill={color} rx={2} />
    </svg>
  );
}

/** Accuracy (0–1) of each method on two splits, as grouped vertical bars with the values written on them. */
export function GroupedBars(props: { groups: { name: string; values: (number | null)[]; highlight?: boolean }[]; series: { name: string; color: string }[]; title: string; min?: number }) {
  const { groups, series } = props;
  const min = props.min ?? 0;
  const barW = 26;
  const gap = 18;
  const height = 160;
  const top = 14;
  // Wide enough for a method's full name, wrapped at spaces ("Weighted / majority / vote").
  const groupW = Math.max(series.length * barW + gap, 112);
  const labelLines = Math.max(1, ...groups.map((group) => group.name.split(' ').length));
  const width = Math.max(200, groups.length * groupW + 40);
  const y = (v: number) => top + (1 - (v - min) / (1 - min)) * (height - top);
  return (
    <figure class="chart" data-testid="label-model-chart">
      <svg width={width} height={height + 22 + 13 * labelLines} role="img" aria-label={props.title}>
        {[min, (min + 1) / 2, 1].map((tick) => (
          <g key={tick}>
            <line x1={30} x2={width} y1={y(tick)} y2={y(tick)} stroke="var(--line)" />
            <text x={0} y={y(tick) + 4} font-size="10" fill="var(--muted)">{(tick * 100).toFixed(0)}%</text>
          </g>
        ))}
        {groups.map((group, g) => (
          <g key={group.name} transform={`translate(${36 + g * groupW}, 0)`}>
            {group.values.map((value, s) =>
              value === null ? null : (
                <g key={s}>
                  <rect x={s * barW} y={y(Math.max(min, value))} width={barW - 3} height={height - y(Math.max(min, value))} fill={series[s].color} opacity={group.highlight ? 1 : 0.6} />
                  <text x={s * barW + (barW - 3) / 2} y={y(Math.max(min, value)) - 2} font-size="9" text-anchor="middle" fill="var(--fg)">{(value * 100).toFixed(1)}</text>
                </g>
              ),
            )}
            <text x={(series.length * barW) / 2} y={height + 14} font-size="11" text-anchor="middle" font-weight={group.highlight ? 700 : 400} fill="var(--fg)">
              {group.name.split(' ').map((word, line) => <tspan key={line} x={(series.length * barW) / 2} dy={line === 0 ? 0 : 13}>{word}</tspan>)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        {props.title}:{' '}
        {series.map((s) => (
          <span key={s.name} class="legend"><span class="swatch" style={{ background: s.color }} /> {s.name}</span>
        ))}
      </figcaption>
    </figure>
  );
}
