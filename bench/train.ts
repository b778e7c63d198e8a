// npm run bench -- train [--only SET] [--cases mlp,linear,pseudo,distill] [--engines js,tfjs] [--out NAME] [--timeout-min 20]
// Issue 15's student cases end to end in the browser, before and after, in one run: for each set and
// case, a fresh Chromium imports the set and the app's student worker trains with the Students tab's
// defaults (bench/browser/students.ts), once with the TF.js ops path of before (engine 'tfjs', batch
// 32) and once with the app's current path. Cases: MLP and linear on human labels (every train item
// labelled), pseudo-labelling (3 rounds, linear, 10 % of train labelled), linear distillation of the
// label model. Sets (bench/lib/student-sets.ts): synthetic 5k texts (the size), the WRENCH
// youtube sample, and its 3-class imbalanced variant. Writes bench/results/train.json with seconds,
// dev accuracy and dev macro-F1 (held-out dev quarter), and after/before ratios.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { REPO } from '../models/build/data';
import { argValue } from './lib/app';
import { runBrowserPage, startDevServer } from './lib/browser';

interface CaseResult {
  set: string;
  case: string;
  engine: 'js' | 'tfjs';
  seconds: number;
  dev_accuracy: number | null;
  dev_macro_f1: number;
  epochs: number;
  [key: string]: unknown;
}

export async function run(args: string[]): Promise<void> {
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : ['synthetic5k', 'youtube', 'youtube_link3'];
  const cases = args.includes('--cases') ? args[args.indexOf('--cases') + 1].split(',') : ['mlp', 'linear', 'pseudo', 'distill'];
  const timeoutMs = argValue(args, '--timeout-min', 20) * 60_000;
  // "--engines js --out train-after" measures only today's engine, into its own file (the before/after table stays).
  const engines = (args.includes('--engines') ? args[args.indexOf('--engines') + 1].split(',') : ['js', 'tfjs']) as ('js' | 'tfjs')[];
  const outName = args.includes('--out') ? args[args.indexOf('--out') + 1] : 'train';
  const { url, server } = await startDevServer();
  const results: CaseResult[] = [];
  const failures: { set: string; case: string; engine: string; error: string }[] = [];
  const loadBefore = loadavg()[0];
  // Written after every case, so a run cut short still leaves what it measured.
  const write = () => {
    const ratios = results
      .filter((r) => r.engine === 'js')
      .map((after) => {
        const before = results.find((r) => r.engine === 'tfjs' && r.set === after.set && r.case === after.case);
        return before
          ? { set: after.set, case: after.case, before_s: before.seconds, after_s: after.seconds, speedup: before.seconds / after.seconds, dev_macro_f1_before: before.dev_macro_f1, dev_macro_f1_after: after.dev_macro_f1, dev_accuracy_before: before.dev_accuracy, dev_accuracy_after: after.dev_accuracy }
          : null;
      })
      .filter((r) => r !== null);
    const result = {
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', load_average_at_start: loadBefore, load_average_at_end: loadavg()[0], note: 'shared machine: other jobs ran alongside; before and after of a case ran one after the other, so their ratio is what counts' },
      setup: 'Chromium worker, the app\'s student worker (features, backend choice by measurement, training, prediction of every item, saving), Students tab defaults: hashed n-grams 16,384 dims, ≤ 30 epochs, patience 5, batch 32, Adam lr 0.003, L2 1e-5, 64 hidden (MLP), dev seeds with a held-out quarter; before = TF.js ops path (engine "tfjs"); after = the typed-array engine (lazy Adam on an MLP\'s first layer)',
      summary: ratios,
      cases: results,
      failures,
      browser_user_agent: results[0]?.userAgent ?? null,
    };
    mkdirSync(join(REPO, 'bench/results'), { recursive: true });
    writeFileSync(join(REPO, `bench/results/${outName}.json`), JSON.stringify(result, null, 2) + '\n');
    console.log(`[train bench] wrote bench/results/${outName}.json`);
    return ratios;
  };
  try {
    for (const set of only) {
      for (const kind of cases) {
        // After first, then before, so both see the same (warm) dev server and file cache.
        for (const engine of (['js', 'tfjs'] as const).filter((e) => engines.includes(e))) {
          console.log(`[train bench] ${set} ${kind} ${engine === 'js' ? 'after' : 'before'}…`);
          try {
            const r = await runBrowserPage<CaseResult>({ url, page: 'students.html', query: { set, case: kind, engine }, timeoutMs });
            results.push(r);
            write();
            console.log(`[train bench]   ${r.seconds.toFixed(1)} s, ${r.epochs} epochs, dev accuracy ${r.dev_accuracy === null ? '–' : (r.dev_accuracy * 100).toFixed(1)} %, dev macro-F1 ${r.dev_macro_f1.toFixed(3)}`);
          } catch (error) {
            failures.push({ set, case: kind, engine, error: error instanceof Error ? error.message : String(error) });
            console.log(`[train bench]   failed: ${failures.at(-1)!.error}`);
            write();
          }
        }
      }
    }
  } finally {
    await server.close();
  }
  const ratios = write();
  for (const r of ratios) console.log(`[train bench] ${r.set} ${r.case}: ${r.before_s.toFixed(1)} s → ${r.after_s.toFixed(1)} s (×${r.speedup.toFixed(1)}), dev macro-F1 ${r.dev_macro_f1_before.toFixed(3)} → ${r.dev_macro_f1_after.toFixed(3)}`);
}
