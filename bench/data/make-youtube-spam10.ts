// Rebuilds bench/data/youtube_spam10 from public/sample/wrench_youtube: every HAM item and a seeded
// random subset of the SPAM items, so that SPAM is 10 % of each split (train, valid, test).
// `npx tsx bench/data/make-youtube-spam10.ts`. Deterministic: same input, same files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32, shuffleInPlace } from '../../src/core/random';

const SPAM_SHARE = 0.1;
const SEED = 20261129;
const root = join(import.meta.dirname, '../..');
const from = join(root, 'public/sample/wrench_youtube');
const to = join(root, 'bench/data/youtube_spam10');

type Item = { label: number; weak_labels: number[]; data: { text: string } };
mkdirSync(to, { recursive: true });
writeFileSync(join(to, 'label.json'), readFileSync(join(from, 'label.json')));
const random = mulberry32(SEED);
for (const split of ['train', 'valid', 'test']) {
  const items = JSON.parse(readFileSync(join(from, `${split}.json`), 'utf8')) as Record<string, Item>;
  const ids = Object.keys(items);
  const ham = ids.filter((id) => items[id].label === 0);
  const spam = ids.filter((id) => items[id].label === 1);
  const keep = Math.round((ham.length * SPAM_SHARE) / (1 - SPAM_SHARE));
  const order = shuffleInPlace(Uint32Array.from(spam.keys()), random);
  const kept = new Set(Array.from(order.subarray(0, keep), (i) => spam[i]));
  const out: Record<string, Item> = {};
  for (const id of ids) if (items[id].label === 0 || kept.has(id)) out[id] = items[id];
  writeFileSync(join(to, `${split}.json`), JSON.stringify(out));
  console.log(`${split}: ${ham.length} ham, ${kept.size} of ${spam.length} spam`);
}
