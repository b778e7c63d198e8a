import type { ColumnProfile } from '../../../core/table/profile';
import { Bar } from '../weak/Bars';
import { MiniHistogram } from './MiniHistogram';

export const num = (v: number) => (Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : Number(v.toFixed(3)).toLocaleString('en-US'));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`);

/** A column's distribution, by type: histogram and summary numbers, top categories, or text lengths. */
export function Details({ p }: { p: ColumnProfile }) {
  if (p.type === 'text') {
    return (
      <span>
        length {p.length.min.toLocaleString('en-US')} – {p.length.max.toLocaleString('en-US')} (mean {num(p.length.mean)}) · {num(p.words_mean)} words · vocabulary {p.vocabulary.toLocaleString('en-US')}
        {p.top_tokens.length > 0 && <> · top: {p.top_tokens.slice(0, 8).map((t) => t.token).join(', ')}</>}
      </span>
    );
  }
  if (p.type === 'boolean') {
    const present = p.true + p.false;
    return <span><Bar value={present ? p.true / present : null} label={`${pct(p.true, present)} true`} /> true {p.true.toLocaleString('en-US')} · false {p.false.toLocaleString('en-US')}</span>;
  }
  if (p.type === 'categorical') {
    const present = p.rows - p.missing;
    return (
      <div>
        <span>{p.distinct.toLocaleString('en-US')} distinct</span>
        <ul class="top-categories">
          {p.top.map((t) => (
            <li key={t.value}><Bar value={present ? t.count / present : null} label={`${t.value}: ${pct(t.count, present)}`} /> {t.value} ({t.count.toLocaleString('en-US')})</li>
          ))}
          {p.other > 0 && <li class="hint">other values: {p.other.toLocaleString('en-US')}</li>}
        </ul>
      </div>
    );
  }
  if (p.histogram === null) return <span class="hint">no values</span>;
  if ('quartiles' in p) {
    return (
      <>
        <MiniHistogram histogram={p.histogram} label={p.name} format={num} />{' '}
        <span>min {num(p.min)} · median {num(p.quartiles[1])} · max {num(p.max)} · mean {num(p.mean)} ± {num(p.std)} · {p.distinct.toLocaleString('en-US')} distinct</span>
      </>
    );
  }
  const dated = p as Extract<ColumnProfile, { type: 'datetime'; min: string }>;
  return <><MiniHistogram histogram={dated.histogram} label={p.name} format={day} /> <span>{dated.min.slice(0, 10)} – {dated.max.slice(0, 10)}</span></>;
}

