// npm run bench -- fidelity-steps [--rows N]
// Where the fidelity report's memory goes, in a Chromium worker: the profile bench's two tables
// (100k rows each, 30 columns), the report's steps run in turn (prepare, shapes + tails + coverage,
// pair trends, detection), the renderer's peak RSS over its RSS after generation read after each step.
// Writes bench/results/fidelity-steps.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StepsResult } from './browser/fidelity-steps.worker';

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const SEED = 20261129; // bench/profile.ts's

export async function run(args: string[]): Promise<void> {
  const at = args.indexOf('--rows');
  const rows = at >= 0 ? Number(args[at + 1]) : 100_000;
  if (!Number.isInteger(rows) || rows <= 0) throw new Error('--rows needs a positive whole number');
  const { runBrowserPage, startDevServer } = await import('./lib/browser');
  const { url, server } = await startDevServer();
  try {
    const page = await runBrowserPage<{ userAgent: string; steps: StepsResult & { marks: Record<string, { peak_bytes: number; rss_bytes: number }> } }>({
      url,
      page: 'fidelity-steps.html',
      query: { rows: String(rows), seed: String(SEED) },
      timeoutMs: 900_000,
    });
    const { marks, ms, input_bytes, auc } = page.steps;
    const round = (x: number) => Math.round(x * 10) / 10;
    const steps = Object.entries(marks).map(([step, m]) => ({ step, ms: Math.round(ms[step]), peak_mb: round(m.peak_bytes / MB), rss_after_mb: round(m.rss_bytes / MB) }));
    for (const s of steps) console.error(`${s.step.padEnd(22)} ${String(s.ms).padStart(6)} ms  peak so far +${s.peak_mb} MB  RSS after +${s.rss_after_mb} MB`);
    console.error(`input ${round(input_bytes / MB)} MB; detection AUC ${auc}`);
    const output = {
      rows,
      seed: SEED,
      runtime: `dedicated worker in Chromium (${page.userAgent})`,
      input_mb: round(input_bytes / MB),
      steps,
      detection_auc: auc,
      load_average_at_end: loadavg()[0],
      notes: 'peak_mb: the renderer\'s peak RSS from the start of prepare to the end of that step, over its RSS just after generating the tables (the peak is reset once, so each step\'s rise is its share); rss_after_mb: RSS at the step\'s end over the same baseline (freed memory is not always returned). input_mb: the columns\' bytes as bench/profile.ts counts them.',
    };
    const path = join(here, 'results', 'fidelity-steps.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
    console.error(`wrote ${path}`);
  } finally {
    await server.close();
  }
}
