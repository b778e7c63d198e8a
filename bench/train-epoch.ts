// Student epoch benchmark (issue 5; issue 15's end-to-end cases are `bench -- train`): time per epoch and prediction items/s of linear and MLP students on 100k
// hashed text items, for each TF.js backend in Node and in a browser worker (Chromium), plus the fit
// time of calibration on 1M probability vectors. Writes bench/results/train-epoch.json.
// `npm run bench -- train-epoch [--items N] [--dim D] [--budget-ms MS] [--calibration N] [--no-browser]`
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { REPO } from '../models/build/data';
import { nodeBackends, useNodeBackend } from '../src/ml/student/node-backend';
import { argValue, freePort } from './lib/app';
import { measureCalibration, measureTraining, textFeatures } from './lib/train-measure';

/** The app's default batch, and a larger one that suits large pools. */
export const BATCHES = [32, 256] as const;

async function inBrowser(query: Record<string, number>, timeoutMs: number): Promise<Record<string, unknown>> {
  const port = await freePort();
  const server = await createServer({ root: REPO, configFile: join(REPO, 'vite.config.ts'), logLevel: 'warn', server: { host: '127.0.0.1', port, strictPort: true, hmr: false } });
  await server.listen();
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
  try {
    const page = await browser.newPage();
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    await page.goto(`http://127.0.0.1:${port}/bench/browser/train.html?${search}`);
    const handle = await page.waitForFunction(() => {
      const w = window as unknown as { benchResult?: unknown; benchError?: string };
      return w.benchResult ?? (w.benchError ? { error: w.benchError } : undefined);
    }, undefined, { timeout: timeoutMs, polling: 1000 });
    const result = (await handle.jsonValue()) as Record<string, unknown>;
    if (result.error) throw new Error(`browser benchmark failed: ${result.error}`);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const n = argValue(args, '--items', 100_000);
  const dim = argValue(args, '--dim', 16_384);
  const budget = argValue(args, '--budget-ms', 20_000);
  const calibrationItems = argValue(args, '--calibration', 1_000_000);
  const log = (line: string) => console.log(`[train bench] ${line}`);

  log(`featurizing ${n.toLocaleString('en-US')} texts (dim ${dim})`);
  const { features, labels, featurizeMs } = textFeatures(n, dim);
  const training = [];
  for (const backend of nodeBackends) {
    await useNodeBackend(backend);
    for (const arch of ['linear', 'mlp'] as const) {
      for (const batch of BATCHES) {
        log(`node ${backend} ${arch} batch ${batch}`);
        const measured = await measureTraining(features, labels, arch, backend === 'cpu' ? budget / 4 : budget, batch);
        training.push({ runtime: `node-${backend}`, backend, adapter: null, note: null, ...measured });
        log(`  ${measured.epoch_s.toFixed(1)} s/epoch${measured.extrapolated ? ` (from ${measured.measured_items} items)` : ''}, predict ${Math.round(measured.predict_items_per_s).toLocaleString('en-US')} items/s`);
      }
    }
  }
  await useNodeBackend('wasm');
  const calibration = [2, 10].map((k) => ({ runtime: 'node', ...measureCalibration(calibrationItems, k) }));
  for (const c of calibration) log(`calibration n=${c.n} k=${c.k}: temperature ${c.temperature_ms.toFixed(0)} ms, histogram ${c.histogram_ms.toFixed(0)} ms`);

  let browser: Record<string, unknown> | null = null;
  if (!args.includes('--no-browser')) {
    log('browser worker (Chromium)');
    browser = await inBrowser({ n, dim, budget, calibration: calibrationItems }, 60 * 60_000);
    for (const row of browser.training as { runtime: string; model: string; epoch_s?: number; predict_items_per_s?: number; error?: string }[]) {
      log(`  ${row.runtime} ${row.model}: ${row.error ? `failed: ${row.error}` : `${row.epoch_s!.toFixed(1)} s/epoch, predict ${Math.round(row.predict_items_per_s!).toLocaleString('en-US')} items/s`}`);
    }
  }

  const result = {
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, tfjs: tf.version_core, note: 'shared machine: other jobs ran alongside; ratios within one run are what count' },
    data: { items: n, dim, features: 'hashed word 1–2 / char 3–5 n-grams of seeded synthetic comments (bench/lib/train-measure.ts)', featurize_ms_node: featurizeMs, featurize_ms_browser: browser?.featurize_ms ?? null, nonzeros: features.values.length },
    training_setup: 'one epoch, batch 32 (the app default) and 256, Adam, L2 1e-5; text students on WASM/CPU take the sparse first-layer path (src/ml/student/sparse-forward.ts); linear = softmax regression, mlp = 64 hidden ReLU; an epoch over a prefix of the items when a full one would exceed the time budget (extrapolated: true)',
    training: [...training, ...((browser?.training as unknown[]) ?? [])],
    calibration: [...calibration, ...((browser?.calibration as unknown[]) ?? [])],
    webgpu: 'measured only on Chromium\'s SwiftShader adapter here (a CPU fallback): not a GPU number. The app does not pick it ("auto" skips fallback adapters).',
    browser_user_agent: browser?.userAgent ?? null,
  };
  mkdirSync(join(REPO, 'bench/results'), { recursive: true });
  writeFileSync(join(REPO, 'bench/results/train-epoch.json'), JSON.stringify(result, null, 2) + '\n');
  log('wrote bench/results/train-epoch.json');
}
