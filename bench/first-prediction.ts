// The first teacher prediction after a page load (issue 15, part 7), for bench/inference.ts: each visit
// launches Chromium afresh on an on-disk profile (a new profile = a first visit; the same one again = a
// return visit) and asks a fresh worker for one prediction of the built-in text teacher.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';

export interface FirstPredictionVisit {
  visit: number;
  /** From asking for the prediction to having it: what the user waits for after choosing Run. */
  first_prediction_ms: number;
  /** Its parts inside the worker: importing ORT's JS, opening the model's session (with ORT's WASM start when not warm), the run. */
  import_ms: number;
  session_ms: number;
  run_ms: number;
  /** Warm start only: the warm-up itself, done in the background before the prediction is asked for. */
  warm_ms: number | null;
  /** Downloading ORT's .wasm (resource timing), part of session_ms or warm_ms. */
  wasm_fetch_ms: number | null;
}

export interface FirstPredictionCase {
  modelUrl: string;
  input: string;
  output: string;
  perItem: number;
  build: 'wasm' | 'webgpu';
}

/** `visits` launches on one new profile; `warm`: warm the runtime first, as the app does when a dataset opens. */
export async function firstPredictionVisits(pageUrl: string, c: FirstPredictionCase, warm: boolean, visits: number, serviceWorker: boolean): Promise<FirstPredictionVisit[]> {
  const profile = mkdtempSync(join(tmpdir(), 'sift-bench-first-'));
  const out: FirstPredictionVisit[] = [];
  try {
    for (let visit = 1; visit <= visits; visit++) {
      const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), headless: true, serviceWorkers: serviceWorker ? 'allow' : 'block' });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.addInitScript({ content: 'window.__name = (fn) => fn;' });
        await page.goto(pageUrl);
        await page.waitForFunction(() => document.body.dataset.ready === 'true');
        if (serviceWorker) await page.evaluate(() => (window as never as { siftBench: { controlled(): Promise<void> } }).siftBench.controlled());
        const r = (await page.evaluate((args) => (window as never as { siftBench: { firstPrediction(a: unknown): Promise<unknown> } }).siftBench.firstPrediction(args), {
          url: c.modelUrl, input: c.input, output: c.output, perItem: c.perItem, build: c.build, warm,
        })) as { importMs: number; sessionMs: number; runMs: number; pageMs: number; warmMs: number | null; fetches: { ms: number }[]; warmth: { fetches: { ms: number }[] } | null };
        const fetched = r.warmth?.fetches[0] ?? r.fetches[0];
        const row = { visit, first_prediction_ms: Math.round(r.pageMs), import_ms: Math.round(r.importMs), session_ms: Math.round(r.sessionMs), run_ms: Math.round(r.runMs), warm_ms: r.warmMs === null ? null : Math.round(r.warmMs), wasm_fetch_ms: fetched ? fetched.ms : null };
        console.log(`first prediction (${c.build} build, ${warm ? 'warm start' : 'no warm start'}${serviceWorker ? ', service worker' : ''}) visit ${visit}: ${JSON.stringify(row)}`);
        out.push(row);
      } finally {
        await context.close();
      }
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return out;
}
