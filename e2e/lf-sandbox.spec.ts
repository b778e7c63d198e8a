import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import type { SandboxOutcome } from './pages/lf-sandbox-page';

/**
 * The LF sandbox in a real browser. The test page is not part of the app, so instead of adding it to
 * the app's build this spec builds it on its own with the app's vite.config.ts (same CSP meta and
 * headers, COOP/COEP, worker bundling, sandbox worker CSP) into .cache/ and serves it with vite preview
 * on its own port.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}.cache/e2e-lf-sandbox`;
let server: PreviewServer;
let pageUrl: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await build({
    root,
    configFile: `${root}vite.config.ts`,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, rolldownOptions: { input: `${root}e2e/pages/lf-sandbox.html` } },
  });
  server = await preview({ root, configFile: `${root}vite.config.ts`, logLevel: 'warn', build: { outDir }, preview: { port: 4190, strictPort: false } });
  pageUrl = new URL('e2e/pages/lf-sandbox.html', server.resolvedUrls!.local[0]).href;
});

test.afterAll(async () => {
  await server?.close();
});

const chunk = {
  ids: ['i0', 'i1', 'i2', 'i3', 'i4'],
  text: ['Check out my channel http://x.co', 'nice song', 'SUBSCRIBE NOW', 'love it', 'free gift'],
  fields: { author: ['bot', 'alice', 'BOT', 'bob', 'spam inc'] },
};
const lf = (id: string, source: string) => ({ id, name: id, source });

let offOrigin: string[] = [];
/** Content-Security-Policy headers seen, by kind of response. */
let policies: { page?: string; sandbox?: string } = {};

/** Opens the test page with every off-origin request (page or worker) blocked and recorded. */
async function open(page: Page): Promise<void> {
  offOrigin = [];
  policies = {};
  const origin = server.resolvedUrls!.local[0];
  page.context().on('response', (response) => {
    const policy = response.headers()['content-security-policy'];
    if (/lf-sandbox\.worker-/.test(response.url())) policies.sandbox = policy;
    else if (response.url() === pageUrl) policies.page = policy;
  });
  page.context().on('request', (request) => {
    if (!request.url().startsWith(origin)) offOrigin.push(request.url());
  });
  await page.context().route((url) => !url.href.startsWith(origin), (route) => route.abort());
  await page.goto(pageUrl);
  await page.waitForFunction(() => (window as unknown as { lfSandboxReady?: boolean }).lfSandboxReady === true);
}

test.afterEach(() => {
  expect(offOrigin).toEqual([]);
});

function run(
  page: Page,
  lfs: { id: string; name: string; source: string }[],
  options: Record<string, unknown> = {},
  items: typeof chunk = chunk,
): Promise<SandboxOutcome> {
  return page.evaluate(
    ([lfs, items, options]) =>
      (window as unknown as { lfSandbox: { run: (...args: unknown[]) => Promise<SandboxOutcome> } }).lfSandbox.run(lfs, items, 2, options),
    [lfs, items, options] as const,
  );
}

test('the page is isolated and cannot eval; the sandbox worker compiles LFs and votes', async ({ page }) => {
  await open(page);
  expect(await page.evaluate(() => (window as unknown as { lfSandbox: { isolated: boolean } }).lfSandbox.isolated)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { lfSandbox: { pageCouldEval: boolean } }).lfSandbox.pageCouldEval)).toBe(false);

  const outcome = await run(page, [
    lf('link', "(item) => /http/.test(item.text) ? 1 : -1"),
    lf('bot', "function (item) { return item.fields.author.toLowerCase() === 'bot' ? 1 : 0 }"),
    lf('by-id', "(item) => item.id === 'i3' ? 0 : -1;"),
  ]);
  expect(outcome.error).toBeUndefined();
  expect(outcome.votes).toEqual([1, 1, -1, -1, 0, -1, -1, 1, -1, -1, 0, 0, -1, 0, -1]);
  // Only the sandbox worker may compile strings, and it may not connect anywhere.
  expect(policies.page).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policies.page).not.toContain("'unsafe-eval'");
  expect(policies.sandbox).toContain("script-src 'self' 'unsafe-eval'");
  expect(policies.sandbox).toContain("connect-src 'none'");
});

test('an LF stuck in an infinite loop is stopped and named with its item; the next run works', async ({ page }) => {
  await open(page);
  const stuck = await run(page, [lf('fine', '() => -1'), lf('loops', "(item) => { if (item.id === 'i3') while (true) {} return -1 }")], { timeLimitMs: 100, graceMs: 100 });
  expect(stuck.error).toMatchObject({
    code: 'lf-timeout',
    details: { lfId: 'loops', itemId: 'i3', itemIndex: 3 },
  });
  expect(stuck.error!.message).toMatch(/^JS LF "loops" on item "i3" \(index 3\) did not return within \d+ ms \(limit 100 ms per item\); the sandbox was stopped$/);
  expect(stuck.ms).toBeGreaterThanOrEqual(200);
  expect(stuck.ms).toBeLessThan(10_000);

  const after = await run(page, [lf('fine', "(item) => item.text.length > 10 ? 1 : 0")]);
  expect(after.votes).toEqual([1, 0, 1, 0, 0]);
});

test('an LF that patches Atomics to grab the shared cell and fake progress is still stopped', async ({ page }) => {
  await open(page);
  const sneaky = lf(
    'sneaky',
    `(item) => {
      const add = Atomics.add, store = Atomics.store;
      if (!self.grabbed) {
        Atomics.add = (a, i, v) => { self.cell = a; return add(a, i, v) };
        Atomics.store = (a, i, v) => { self.cell = a; return store(a, i, v) };
        self.grabbed = true;
      }
      if (item.id === 'i3') for (;;) { if (self.cell) add(self.cell, 0, 1) }
      return -1
    }`,
  );
  const outcome = await run(page, [sneaky], { timeLimitMs: 100, graceMs: 100 });
  expect(outcome.error).toMatchObject({ code: 'lf-timeout', details: { lfId: 'sneaky', itemIndex: 3 } });
});

test('a source that loops while being evaluated is stopped too', async ({ page }) => {
  await open(page);
  const outcome = await run(page, [lf('iife', '(() => { for (;;) {} })()')], { timeLimitMs: 100, graceMs: 100 });
  expect(outcome.error).toMatchObject({ code: 'lf-timeout', details: { lfId: 'iife' } });
  expect(outcome.error!.message).toMatch(/^JS LF "iife" did not finish evaluating its source/);
});

test('a slow item, a throwing LF and a bad return value each name the LF and the item', async ({ page }) => {
  await open(page);
  const slow = await run(page, [lf('slow', "(item) => { if (item.id === 'i2') { const end = performance.now() + 400; while (performance.now() < end) {} } return -1 }")], {
    timeLimitMs: 100,
    graceMs: 2000,
  });
  expect(slow.error).toMatchObject({ code: 'lf-timeout', details: { lfId: 'slow', itemId: 'i2', itemIndex: 2 } });
  expect(slow.error!.message).toMatch(/^JS LF "slow" on item "i2" \(index 2\) took \d+ ms; the limit is 100 ms per item$/);
  expect(slow.error!.details!.elapsedMs).toBeGreaterThanOrEqual(400);

  const throws = await run(page, [lf('throws', "(item) => item.fields.nope.length")]);
  expect(throws.error).toMatchObject({ code: 'lf-threw', details: { lfId: 'throws', itemId: 'i0', itemIndex: 0 } });
  expect(throws.error!.message).toMatch(/^JS LF "throws" on item "i0" \(index 0\) threw TypeError: /);

  const bad = await run(page, [lf('bad', "(item) => item.id === 'i4' ? 7 : -1")]);
  expect(bad.error).toMatchObject({ code: 'lf-bad-return', message: 'JS LF "bad" on item "i4" (index 4) returned 7; expected an integer from -1 (abstain) to 1' });

  const leaky = await run(page, [lf('leaky', "(item) => { import('http://example.com/' + item.text); return -1 }")]);
  expect(leaky.error).toMatchObject({ code: 'lf-forbidden' });
});

function runChunks(page: Page, lfs: { id: string; name: string; source: string }[], chunks: (typeof chunk)[], options: Record<string, unknown> = {}): Promise<SandboxOutcome> {
  return page.evaluate(
    ([lfs, chunks, options]) =>
      (window as unknown as { lfSandbox: { runChunks: (...args: unknown[]) => Promise<SandboxOutcome> } }).lfSandbox.runChunks(lfs, chunks, 2, options),
    [lfs, chunks, options] as const,
  );
}

test('an LF that patches built-ins cannot change what another LF votes, in the same apply or the next', async ({ page }) => {
  await open(page);
  // The attack from issue 14: the sandbox worker outlived one LF, and a harmless LF applied next voted on every item.
  const patcher = lf(
    'patcher',
    `(item) => {
      String.prototype.includes = () => true;
      Array.prototype.map = function () { return [true] };
      Map.prototype.get = function () { return () => 1 };
      const Original = Int8Array;
      self.Int8Array = class extends Original { constructor(n) { super(n); this.fill(1) } };
      self.leftover = 'patched';
      return -1
    }`,
  );
  const harmless = lf('harmless', "(item) => ['http'].map((word) => item.text.includes(word)).some(Boolean) ? 1 : (self.leftover ? 0 : -1)");
  const together = await run(page, [patcher, harmless]);
  expect(together.error).toBeUndefined();
  expect(together.votes).toEqual([-1, 1, -1, -1, -1, -1, -1, -1, -1, -1]);

  // Across chunks of one apply, each LF keeps its own sandbox: the harmless one still sees clean built-ins.
  const chunked = await runChunks(page, [patcher, harmless], [chunk, chunk]);
  expect(chunked.votes).toEqual([-1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, -1, -1, -1, -1, -1, -1, -1, -1]);

  const after = await run(page, [harmless]);
  expect(after.votes).toEqual([1, -1, -1, -1, -1]);
});

test('an LF cannot forge the votes the sandbox sends back (a hijacked Object.prototype.then)', async ({ page }) => {
  await open(page);
  // On the old bridge the reply went through `await`, which called this: the page got 77s, and stored them.
  const forger = lf(
    'forger',
    `(item) => {
      if (!self.armed) {
        self.armed = true;
        Object.prototype.then = function (resolve) { delete Object.prototype.then; resolve(new Int8Array(5).fill(77)) };
      }
      return item.id === 'i2' ? 1 : -1
    }`,
  );
  const outcome = await run(page, [forger]);
  expect(outcome.error).toBeUndefined();
  expect(outcome.votes).toEqual([-1, -1, 1, -1, -1]);
});

test('an LF cannot make the sandbox compile a string by sending it a message of its own', async ({ page }) => {
  await open(page);
  // If the bridge handled this message, it would compile and evaluate the string, setting self.pwned.
  const attack = (how: string) =>
    lf(
      `forge-${how.slice(5, 20).replace(/\W/g, '')}`,
      `(item) => {
        if (!self.tried) {
          self.tried = true;
          const source = '(self.pwned = true, () => -1)';
          const args = { lf: { id: 'x', name: 'x', source }, lfs: [{ id: 'x', name: 'x', source }], chunk: { ids: [], text: [], fields: {} }, classCount: 2, timeLimitMs: 100, cell: new SharedArrayBuffer(16) };
          const data = { kind: 'call', id: 999, method: 'run', args };
          try { ${how} } catch (e) { self.failed = String(e) }
        }
        return self.pwned ? 1 : 0
      }`,
    );
  const forged = [
    "self.dispatchEvent(new MessageEvent('message', { data }))",
    "self.onmessage(new MessageEvent('message', { data }))",
    'self.onmessage({ isTrusted: true, source: null, data })',
    "self.onmessage(new Proxy(new MessageEvent('message', { data }), { get: (t, k) => (k === 'isTrusted' ? true : t[k]) }))",
  ].map(attack);
  for (const attempt of forged) {
    const outcome = await run(page, [attempt]);
    expect(outcome.error, attempt.id).toBeUndefined();
    expect(outcome.votes, attempt.id).toEqual([0, 0, 0, 0, 0]);
  }
});

test('promise jobs an LF leaves behind are held to the time limit too', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page);
  const limits = { timeLimitMs: 100, graceMs: 100 };
  const loops = await run(page, [lf('later', '(item) => { Promise.resolve().then(() => { for (;;) {} }); return -1 }')], limits);
  expect(loops.error).toMatchObject({ code: 'lf-timeout', details: { lfId: 'later' } });
  expect(loops.error!.message).toMatch(/^JS LF "later" left asynchronous work \(a promise or other callback\) running after its items returned: stopped after \d+ ms \(limit 100 ms\); LFs must be synchronous$/);

  const chain = await run(page, [lf('chain', '(item) => { const again = () => Promise.resolve().then(again); again(); return -1 }')], limits);
  expect(chain.error).toMatchObject({ code: 'lf-timeout', details: { lfId: 'chain' } });

  const slow = await run(
    page,
    [lf('slow-then', "(item) => { if (item.id === 'i1') Promise.resolve().then(() => { const end = performance.now() + 400; while (performance.now() < end) {} }); return -1 }")],
    { timeLimitMs: 100, graceMs: 2000 },
  );
  expect(slow.error).toMatchObject({ code: 'lf-timeout', details: { lfId: 'slow-then' } });
  expect(slow.error!.message).toMatch(/^JS LF "slow-then" left asynchronous work .* that took \d+ ms; the limit is 100 ms; LFs must be synchronous$/);

  // Work that resolves later still (reading a Blob) runs between chunks, and holds up the next one.
  const late = await runChunks(page, [lf('late', "(item) => { if (item.id === 'i4') new Blob(['x']).arrayBuffer().then(() => { for (;;) {} }); return -1 }")], [chunk, chunk, chunk], limits);
  expect(late.error).toMatchObject({ code: 'lf-timeout', details: { lfId: 'late' } });
  expect(late.error!.message).toMatch(/^JS LF "late" left asynchronous work/);
  expect(late.ms).toBeLessThan(20_000);
});

test('user code finds no network, storage, messaging or code generation', async ({ page }) => {
  await open(page);
  const blocked = [
    'fetch',
    'XMLHttpRequest',
    'WebSocket',
    'EventSource',
    'WebTransport',
    'importScripts',
    'indexedDB',
    'caches',
    'navigator',
    'Worker',
    'BroadcastChannel',
    'postMessage',
    'setTimeout',
    'eval',
    'Function',
    // Resource loaders the CSP alone used to stop (a FontFace URL can carry item ids out).
    'FontFace',
    'fonts',
    'WebAssembly',
    'Notification',
    'SharedWorker',
    'WebSocketStream',
    'requestAnimationFrame',
    'scheduler',
  ];
  // One LF per API: it votes 1 when the name is gone (typeof, or reading it throws), 0 when reachable.
  const probes = blocked.map((name) => lf(`no-${name}`, `() => { try { return typeof ${name} === 'undefined' ? 1 : 0 } catch { return 1 } }`));
  probes.push(lf('no-constructor', "() => { try { (() => {}).constructor('return 1')(); return 0 } catch { return 1 } }"));
  probes.push(lf('no-async-constructor', "() => { try { (async () => {}).constructor('return 1'); return 0 } catch { return 1 } }"));
  probes.push(lf('no-hijack', '() => { try { self.onmessage = null; return 0 } catch { return 1 } }'));
  probes.push(lf('no-proto-fetch', '() => { for (let o = self; o; o = Object.getPrototypeOf(o)) if (Object.getOwnPropertyNames(o).includes("fetch")) return 0; return 1 }'));
  const outcome = await run(page, probes);
  expect(outcome.error).toBeUndefined();
  const firstRow = Object.fromEntries(probes.map((probe, j) => [probe.id, outcome.votes![j]]));
  expect(firstRow).toEqual(Object.fromEntries(probes.map((probe) => [probe.id, 1])));

  // The sandbox still answers after user code poked at its scope.
  const again = await run(page, [lf('again', '() => 0')]);
  expect(again.votes).toEqual([0, 0, 0, 0, 0]);
});

test('cancelling stops a long run at the next item, without waiting for the bridge grace period', async ({ page }) => {
  await open(page);
  // 20 LFs × 5 items × 30 ms = 3 s of work; without the shared abort slot the bridge would wait 3 s more.
  const busy = Array.from({ length: 20 }, (_, j) => lf(`busy-${j}`, '() => { const end = performance.now() + 30; while (performance.now() < end) {} return -1 }'));
  const outcome = await run(page, busy, { timeLimitMs: 1000, abortAfterMs: 100 });
  expect(outcome.error).toMatchObject({ name: 'AbortError' });
  expect(outcome.ms).toBeLessThan(1000);
});

test('throughput of JS LFs in the sandbox (reported, not asserted)', async ({ page }) => {
  await open(page);
  const n = 20_000;
  const many = {
    ids: Array.from({ length: n }, (_, i) => `c${i}`),
    text: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `check out http://x.co/${i}` : `nice song number ${i}`)),
    fields: { author: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 'bot' : 'fan')) },
  };
  const lfs = [
    lf('link', '(item) => item.text.includes("http") ? 1 : -1'),
    lf('bot', '(item) => item.fields.author === "bot" ? 1 : -1'),
    lf('short', '(item) => item.text.length < 18 ? 0 : -1'),
  ];
  await run(page, lfs, {}, many); // warm-up: worker start, compile, JIT
  const outcome = await run(page, lfs, {}, many);
  expect(outcome.error).toBeUndefined();
  const votes = outcome.votes!;
  for (let i = 0; i < n; i += 101) {
    expect(votes.slice(i * 3, i * 3 + 3)).toEqual([i % 3 === 0 ? 1 : -1, i % 5 === 0 ? 1 : -1, many.text[i].length < 18 ? 0 : -1]);
  }
  const rate = (n * lfs.length) / (outcome.ms / 1000);
  console.log(`JS LF sandbox: ${lfs.length} LFs × ${n} items in ${outcome.ms.toFixed(0)} ms (incl. transfer) = ${(rate / 1e6).toFixed(2)} M LF-item/s`);
});
