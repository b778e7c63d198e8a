// Canary metrics per calendar period of a datetime field: by month, or by ISO week when the dates span
// less than WEEKLY_BELOW_DAYS (a few months would give too few points). Periods are UTC.
import { classificationReport } from '../metrics/classification';
import { wilsonInterval, type Interval } from '../slices/intervals';

export const WEEKLY_BELOW_DAYS = 90;
const DAY = 86_400_000;

export interface PeriodRow {
  /** "2014-07" or "2014-W28" (the Monday's ISO week). */
  label: string;
  /** Start of the period (ms, UTC). */
  start: number;
  size: number;
  accuracy: number;
  accuracyCI: Interval;
  macroF1: number;
}

export interface OverTime {
  unit: 'month' | 'week';
  rows: PeriodRow[];
  /** Rows without a date. */
  undated: number;
}

function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function weekStart(ms: number): number {
  const day = Math.floor(ms / DAY);
  // 1970-01-01 was a Thursday: days since the Monday before it.
  return (day - ((day + 3) % 7 + 7) % 7) * DAY;
}

function isoWeekLabel(monday: number): string {
  const thursday = new Date(monday + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** times[i] (ms, NaN = no date), gold[i] and predicted[i] of the same labelled canary rows. */
export function metricsOverTime(times: Float64Array, gold: Int16Array, predicted: Int16Array, k: number): OverTime {
  let lo = Infinity;
  let hi = -Infinity;
  let undated = 0;
  for (const t of times) {
    if (Number.isNaN(t)) undated++;
    else {
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
    }
  }
  const unit = hi - lo < WEEKLY_BELOW_DAYS * DAY ? 'week' : 'month';
  const startOf = unit === 'month' ? monthStart : weekStart;
  const byStart = new Map<number, number[]>();
  times.forEach((t, row) => {
    if (Number.isNaN(t)) return;
    const s = startOf(t);
    let list = byStart.get(s);
    if (!list) byStart.set(s, (list = []));
    list.push(row);
  });
  const rows = [...byStart.keys()].sort((a, b) => a - b).map((start): PeriodRow => {
    const members = byStart.get(start)!;
    const g = Int16Array.from(members, (r) => gold[r]);
    const p = Int16Array.from(members, (r) => predicted[r]);
    let right = 0;
    for (let i = 0; i < g.length; i++) if (g[i] === p[i]) right++;
    return {
      label: unit === 'month' ? new Date(start).toISOString().slice(0, 7) : isoWeekLabel(start),
      start,
      size: g.length,
      accuracy: right / g.length,
      accuracyCI: wilsonInterval(right, g.length),
      macroF1: classificationReport(g, p, k).macroF1,
    };
  });
  return { unit, rows, undated };
}
