import { mulberry32 } from '../../src/core/random';
import { NO_LABEL, Split } from '../../src/core/types';
import type { Condition, LfDef } from '../../src/core/lf/index';
import { db, type Dataset, type ItemChunk } from '../../src/data/db';
import { PREVIEW_DEBOUNCE_MS } from '../../src/ui/state/lf-preview';
import { lfPreviewWorker } from '../../workers/clients';
import type { PreviewResult } from '../../workers/lf-preview/preview';
import { syntheticTexts } from '../lib/synthetic-texts';

/**
 * The LF editor's preview on a synthetic dataset in this browser's IndexedDB, through the app's own
 * preview worker and WorkerClient: the first request (reads the dataset), then warm requests per kind
 * of condition, then typing as the editor does it (debounce, superseded requests cancelled), timed
 * from the last keystroke to the answer.
 */
const CHUNK = 8192;
const SPAM_WORDS = ['subscribe', 'check out', 'free', 'channel', 'http://', 'giveaway'];

async function seed(n: number, seedValue: number): Promise<{ labels: Int16Array; splits: Uint8Array }> {
  const random = mulberry32(seedValue);
  const texts = syntheticTexts(n, seedValue, { length: 120, nearShare: 0.02, exactShare: 0.005 }).map((text) =>
    // About one text in five carries a spam word, so keyword LFs have hits to count and show.
    random() < 0.2 ? `${text} ${SPAM_WORDS[Math.floor(random() * SPAM_WORDS.length)]} now` : text,
  );
  const dataset: Dataset = {
    id: 'bench', name: 'bench', kind: 'text', status: 'ready', createdAt: 1, updatedAt: 1, itemCount: n, chunkSize: CHUNK, chunkCount: Math.ceil(n / CHUNK),
    classes: [{ name: 'ham', key: '1', color: '#000' }, { name: 'spam', key: '2', color: '#f00' }], fields: ['likes'], files: [],
    mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: ['likes'] }, committedRows: n, notices: [],
  };
  const chunks: ItemChunk[] = [];
  for (let c = 0; c * CHUNK < n; c++) {
    const start = c * CHUNK;
    const text = texts.slice(start, start + CHUNK);
    chunks.push({ datasetId: 'bench', index: c, start, count: text.length, ids: text.map((_, i) => `item-${start + i}`), text, fields: { likes: text.map(() => String(Math.floor(random() * 500))) }, hashes: new Uint32Array(text.length) });
  }
  await db().transaction('rw', [db().datasets, db().chunks], async () => {
    await db().datasets.add(dataset);
    await db().chunks.bulkAdd(chunks);
  });
  // 10 % dev with gold labels, 5 % canary: the preview reads dev and skips canary.
  const splits = new Uint8Array(n);
  const labels = new Int16Array(n).fill(NO_LABEL);
  for (let i = 0; i < n; i++) {
    const roll = random();
    splits[i] = roll < 0.1 ? Split.dev : roll < 0.15 ? Split.canary : Split.train;
    if (splits[i] !== Split.train) labels[i] = SPAM_WORDS.some((w) => texts[i].includes(w)) ? (random() < 0.9 ? 1 : 0) : random() < 0.9 ? 0 : 1;
  }
  return { labels, splits };
}

const lf = (condition: Condition): LfDef => ({ id: 'draft', name: 'draft', vote: 1, condition });
const conditions: Record<string, Condition> = {
  keyword_any: { kind: 'keyword', keywords: ['subscribe', 'check out', 'free'], match: 'any', wholeWord: false, caseSensitive: false },
  keyword_whole_word: { kind: 'keyword', keywords: ['subscribe', 'channel', 'giveaway'], match: 'any', wholeWord: true, caseSensitive: false },
  regex: { kind: 'regex', pattern: 'https?://|\\bfree\\b', flags: 'i' },
  length_and_number: { kind: 'and', conditions: [{ kind: 'length', unit: 'words', op: '>=', value: 10 }, { kind: 'number', field: 'likes', op: '<', value: 100 }] },
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const max = (values: number[]) => Math.max(...values);

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const n = Number(query.get('n'));
  const repeat = Number(query.get('repeat'));
  const { labels, splits } = await seed(n, Number(query.get('seed')));
  const ask = (def: LfDef, signal?: AbortSignal) => lfPreviewWorker.call('preview', { datasetId: 'bench', def, labels, splits }, { signal });

  let started = performance.now();
  const first = await ask(lf(conditions.keyword_any));
  const cold = { wall_ms: performance.now() - started, load_ms: first.loadMs, lf_ms: first.ms, sampled: first.sampled, hits: first.hits };

  const warm: Record<string, { wall_ms_median: number; wall_ms_max: number; worker_ms_median: number; sampled: number; hits: number }> = {};
  for (const [name, condition] of Object.entries(conditions)) {
    const walls: number[] = [];
    const inside: number[] = [];
    let last: PreviewResult | null = null;
    for (let r = 0; r < repeat; r++) {
      started = performance.now();
      last = await ask(lf(condition));
      walls.push(performance.now() - started);
      inside.push(last.ms);
    }
    warm[name] = { wall_ms_median: median(walls), wall_ms_max: max(walls), worker_ms_median: median(inside), sampled: last!.sampled, hits: last!.hits };
  }

  // Typing "giveaway" at 8 keys per second, as the editor asks: each key cancels the pending request
  // and starts the debounce again; measured from the last key to the answer on screen.
  const typing: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const word = 'giveaway';
    let controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastKey = 0;
    const answer = new Promise<number>((resolve, reject) => {
      const press = (k: number) => {
        controller.abort();
        clearTimeout(timer);
        controller = new AbortController();
        const signal = controller.signal;
        lastKey = performance.now();
        timer = setTimeout(() => {
          ask(lf({ kind: 'keyword', keywords: [word.slice(0, k)], match: 'any', wholeWord: r % 2 === 0, caseSensitive: false }), signal).then(
            () => !signal.aborted && k === word.length && resolve(performance.now() - lastKey),
            (error) => !signal.aborted && reject(error),
          );
        }, PREVIEW_DEBOUNCE_MS);
        if (k < word.length) setTimeout(() => press(k + 1), 125);
      };
      press(1);
    });
    typing.push(await answer);
  }

  await window.benchDone({
    cold,
    warm,
    typing: { keystroke_ms: 125, debounce_ms: PREVIEW_DEBOUNCE_MS, last_key_to_result_ms: typing, median_ms: median(typing), max_ms: max(typing) },
    userAgent: navigator.userAgent,
  });
}

main().catch((error) => window.benchFail(String(error?.stack ?? error)));
