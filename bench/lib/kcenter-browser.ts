import { loadavg } from 'node:os';

interface BrowserRun {
  threads: number;
  ms: number;
  digest: string;
  radius: number;
  cpu_seconds: number;
}

/**
 * bench/queue.ts's k-center case in a dedicated worker of a fresh Chromium (bench/browser/kcenter.*), the
 * app's path: one thread, then two (the app's shard worker). CPU is the renderer's, every thread of it.
 */
export async function kCenterBrowserRows(params: { items: number; dim: number; picks: number; sample: number; seed: number }) {
  // Playwright and Vite load only when the browser part runs.
  const { runBrowserPage, startDevServer } = await import('./browser');
  const { url, server } = await startDevServer();
  try {
    const load = loadavg()[0];
    const query = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
    const page = await runBrowserPage<{ userAgent: string; runs: BrowserRun[] }>({ url, page: 'kcenter.html', query, timeoutMs: 1_800_000 });
    const rows = page.runs.map((r) => ({ threads: r.threads, wall_ms: Math.round(r.ms), cpu_ms: Math.round(r.cpu_seconds * 1000), digest: r.digest, radius: +r.radius.toFixed(4) }));
    for (const r of rows) console.log(`  browser worker, ${r.threads} thread(s): CPU ${(r.cpu_ms / 1000).toFixed(1)} s, wall ${(r.wall_ms / 1000).toFixed(1)} s`);
    return { runtime: `dedicated worker in Chromium (${page.userAgent})`, rows, load_1min: [+load.toFixed(2), +loadavg()[0].toFixed(2)] };
  } finally {
    await server.close();
  }
}
