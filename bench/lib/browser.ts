import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import { freePort } from './app';
import { profileWorkers, topSelfTime } from './worker-profiler';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The Vite dev server on a free 127.0.0.1 port, with the repo's config (COOP/COEP headers included). */
export async function startDevServer(): Promise<{ url: string; server: ViteDevServer }> {
  const port = await freePort();
  const server = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
  });
  await server.listen();
  return { url: `http://127.0.0.1:${port}`, server };
}

const KB = 1024;

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return match ? Number(match[1]) * KB : 0;
}

/** Chromium processes of one profile; only its renderers when asked (a dedicated worker runs inside its page's renderer). */
function profilePids(profile: string, renderersOnly = false): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(profile) && (!renderersOnly || cmdline.includes('--type=renderer'))) pids.push(Number(entry));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return pids;
}

const rendererPids = (profile: string) => profilePids(profile, true);

/** User + system CPU clock ticks (1/100 s on Linux) of these processes so far, from /proc/PID/stat. */
function cpuTicks(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return ticks;
}

/** CPU ms so far of every Chromium process of one profile: the renderer and its workers, and the browser
 * and utility processes where IndexedDB writes to disk. */
const profileCpuMs = (profile: string) => cpuTicks(profilePids(profile)) * 10;

/**
 * CPU nanoseconds so far of every thread of the profile's renderers (the page, its workers, V8's GC
 * helpers), from /proc/PID/task/TID/schedstat: nanosecond counts where /proc/PID/stat has 10 ms ticks.
 */
function rendererCpuNs(profile: string): number {
  let ns = 0;
  for (const pid of rendererPids(profile)) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // the process ended meanwhile
    }
    for (const tid of tasks) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        /* the thread ended meanwhile */
      }
    }
  }
  return ns;
}

/** CPU seconds so far of the profile's renderer processes (the page and its workers). */
const rendererCpuSeconds = (profile: string) => cpuTicks(rendererPids(profile)) / 100;

/**
 * Peak resident memory of the page's renderer, measured by the kernel: `reset` clears each renderer's
 * high-water mark (/proc/PID/clear_refs ← 5, Linux ≥ 4.0) and notes its current RSS; `peak` returns the
 * largest rise of the high-water mark over that RSS, in bytes. It counts everything the page and its
 * workers touch (typed arrays, JS heap, allocator slack), which performance.memory and
 * measureUserAgentSpecificMemory (a sampled snapshot) do not.
 */
class RendererMemory {
  private baseline = new Map<number, number>();
  constructor(private readonly profile: string) {}

  reset(): void {
    this.baseline.clear();
    for (const pid of rendererPids(this.profile)) {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      this.baseline.set(pid, statusField(pid, 'VmRSS'));
    }
  }

  peak(): number {
    let rise = 0;
    for (const [pid, rss] of this.baseline) rise = Math.max(rise, statusField(pid, 'VmHWM') - rss);
    return rise;
  }

  /** The largest renderer's resident memory now, and its high-water mark since the last reset (absolute bytes). */
  absolute(field: 'VmRSS' | 'VmHWM'): number {
    let most = 0;
    for (const pid of rendererPids(this.profile)) most = Math.max(most, statusField(pid, field));
    return most;
  }
}

export interface PageRun {
  /** Base URL of a dev server from `startDevServer` (start one, run many pages). */
  url: string;
  /** Page path under bench/browser/, e.g. 'labelmodel.html'. */
  page: string;
  query?: Record<string, string>;
  timeoutMs?: number;
  /**
   * Run Chrome's CPU profiler on the page's dedicated workers: each `.cpuprofile` is written under this
   * path prefix when the page calls `window.benchWorkerProfileStop()` (before it terminates a worker),
   * and its top self-time functions are printed.
   */
  workerCpuProfile?: string;
}

/**
 * Opens a page under bench/browser/ in a fresh Debian Chromium (persistent temp profile, so storage
 * is on disk as for a user) and returns the JSON it reports by calling `window.benchDone(result)`.
 * The page may call `window.benchMemory('reset' | 'peak')` around the work it measures, and
 * `window.benchCpu()` (its renderer's CPU seconds so far) or `window.benchCpuAll()` (every Chromium process's CPU ms) or `window.benchCpuNs()` (its renderers'
 * threads' CPU ns, finer grained) before and after it.
 */
export async function runBrowserPage<T>(run: PageRun): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'sift-bench-'));
  const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), headless: true });
  const memory = new RendererMemory(profile);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    let settle: (value: T) => void = () => {};
    let fail: (error: Error) => void = () => {};
    const done = new Promise<T>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    await page.exposeFunction('benchDone', (result: T) => settle(result));
    await page.exposeFunction('benchFail', (message: string) => fail(new Error(`${run.page}: ${message}`)));
    await page.exposeFunction('benchMemory', (action: 'reset' | 'peak' | 'rss' | 'hwm') =>
      action === 'reset' ? (memory.reset(), 0) : action === 'peak' ? memory.peak() : memory.absolute(action === 'rss' ? 'VmRSS' : 'VmHWM'),
    );
    await page.exposeFunction('benchCpu', () => rendererCpuSeconds(profile));
    await page.exposeFunction('benchCpuAll', () => profileCpuMs(profile));
    await page.exposeFunction('benchCpuNs', () => rendererCpuNs(profile));
    if (run.workerCpuProfile) {
      const prefix = run.workerCpuProfile;
      const profiler = await profileWorkers(page);
      let written = 0;
      await page.exposeFunction('benchWorkerProfileStop', async () => {
        for (const cpu of await profiler.stop()) {
          const file = `${prefix}-${++written}.cpuprofile`;
          writeFileSync(file, JSON.stringify(cpu));
          const { total_ms, top } = topSelfTime(cpu);
          console.error(`worker CPU profile ${file}: ${total_ms} ms sampled; top self time:`);
          for (const t of top) console.error(`  ${String(t.self_ms).padStart(7)} ms ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.functionName} ${t.url}:${t.line}`);
        }
      });
    }
    const query = new URLSearchParams(run.query ?? {}).toString();
    // A dev server compiles a page's modules on first request: on a loaded machine that outlasts 30 s.
    await page.goto(`${run.url}/bench/browser/${run.page}${query ? `?${query}` : ''}`, { timeout: run.timeoutMs ?? 300_000 });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${run.page} gave no result in ${run.timeoutMs ?? 300_000} ms; page errors: ${errors.join(' | ') || 'none'}`)), run.timeoutMs ?? 300_000).unref(),
    );
    return await Promise.race([done, timeout]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
