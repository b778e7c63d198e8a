// The review bench's per-set summary (mean ± sd over seeds at the budget), computed from the stored
// curves, so runs of different seed ranges can be joined and summarised as if they had run at once.

type DevTest = { dev: number; test: number };
/** A stored curve's step (LoopPoint with its scores rounded); test is the chosen model's canary. */
export type CurvePoint = { labels: number; test: number; labelModel: DevTest; student: DevTest };
export type ReviewRun = { dataset: string; strategy: string; seed: number; cpu_s: number; curve: CurvePoint[] };

export const round = (x: number) => Math.round(x * 1e4) / 1e4;

export const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean: round(mean), sd: round(sd) };
};

/** One set's summary row: every strategy's scores at the budget over its seeds, in seed order. */
export function summarizeSet(dataset: string, metric: string, budget: number, strategies: string[], runs: ReviewRun[]): Record<string, unknown> {
  const curvesOf = (s: string) => runs.filter((r) => r.dataset === dataset && r.strategy === s).sort((a, b) => a.seed - b.seed).map((r) => r.curve);
  const at = (curves: CurvePoint[][], pick: (p: CurvePoint) => number) => stats(curves.map((c) => pick(c[c.length - 1])));
  // Every strategy of a seed starts from the same fit, so the first one's start stands for all.
  const first = curvesOf(strategies[0]);
  return {
    dataset,
    metric,
    at_labels: budget,
    start: { canary: stats(first.map((c) => c[0].test)), label_model_alone_canary: stats(first.map((c) => c[0].labelModel.test)) },
    ...Object.fromEntries(
      strategies.map((s) => {
        const curves = curvesOf(s);
        return [s, { canary: at(curves, (p) => p.test), student_dev: at(curves, (p) => p.student.dev), dev: at(curves, (p) => Math.max(p.student.dev, p.labelModel.dev)), label_model_canary: at(curves, (p) => p.labelModel.test), student_canary: at(curves, (p) => p.student.test) }];
      }),
    ),
  };
}

interface SetPart {
  settings: { seeds: number; first_seed?: number; strategies: string[]; budget: number; default_is?: string };
  summary: { dataset: string; metric: string }[];
  runs: ReviewRun[];
  cpu_s: number;
  wall_s: number;
  machine: { loadavg_at_end?: number[] };
}

const seedsOf = (p: SetPart) => [...new Set(p.runs.map((r) => r.seed))].sort((a, b) => a - b);

/**
 * One set's runs of disjoint seed ranges under the same settings and strategies, joined: the runs of
 * all the seeds and the summary recomputed over them. Every strategy must have run every seed of its part.
 */
export function joinSeeds<P extends SetPart>(parts: P[]): P & { seed_parts: { seeds: number[]; cpu_s: number; wall_s: number; loadavg_at_end?: number[] }[] } {
  const [first] = parts;
  const dataset = first.summary[0].dataset;
  // Key order differs between files (first_seed sits after seeds where a run wrote it), so compare sorted.
  const comparable = (p: SetPart) => JSON.stringify(Object.entries(p.settings).filter(([k]) => !['seeds', 'first_seed', 'default_is'].includes(k)).sort(([a], [b]) => (a < b ? -1 : 1)));
  const seen = new Set<number>();
  for (const p of parts) {
    if (p.summary[0].dataset !== dataset) throw new Error(`Cannot join seeds of ${p.summary[0].dataset} with ${dataset}.`);
    if (comparable(p) !== comparable(first)) throw new Error(`${dataset}: a seed range was run with other settings: ${JSON.stringify(p.settings)}`);
    const seeds = seedsOf(p);
    for (const s of first.settings.strategies) {
      const got = p.runs.filter((r) => r.strategy === s).map((r) => r.seed).sort((a, b) => a - b);
      if (JSON.stringify(got) !== JSON.stringify(seeds)) throw new Error(`${dataset}: ${s} ran seeds ${got.join(', ')}, not ${seeds.join(', ')}.`);
    }
    for (const s of seeds) {
      if (seen.has(s)) throw new Error(`${dataset}: seed ${s} is in two of the parts joined.`);
      seen.add(s);
    }
  }
  const runs = parts.flatMap((p) => p.runs).sort((a, b) => a.seed - b.seed);
  const { strategies, budget } = first.settings;
  const settings = { ...first.settings, seeds: seen.size };
  delete settings.first_seed;
  return {
    ...first,
    settings,
    summary: [summarizeSet(dataset, first.summary[0].metric, budget, strategies, runs)],
    runs,
    cpu_s: round(parts.reduce((a, p) => a + p.cpu_s, 0)),
    wall_s: round(parts.reduce((a, p) => a + p.wall_s, 0)),
    seed_parts: parts.map((p) => ({ seeds: seedsOf(p), cpu_s: p.cpu_s, wall_s: p.wall_s, loadavg_at_end: p.machine.loadavg_at_end })),
  };
}

/**
 * The dev rules' ranking: per set, each candidate's rank is 1 + the number of candidates scoring strictly
 * higher (ties share the better rank); the ranks are summed over the sets. `score(set, candidate)`.
 */
export function rankSums<C>(sets: number, candidates: readonly C[], score: (set: number, candidate: C) => number): Map<C, number> {
  const sums = new Map<C, number>(candidates.map((c) => [c, 0]));
  for (let set = 0; set < sets; set++) {
    for (const c of candidates) sums.set(c, sums.get(c)! + 1 + candidates.filter((x) => score(set, x) > score(set, c)).length);
  }
  return sums;
}
