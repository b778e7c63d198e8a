/**
 * The datasets of the student benchmark, as WRENCH folders (strings), built the same way in Node and in
 * the browser worker from what the repo has:
 * - `synthetic5k`: 5,000 seeded comment-like texts (bench/lib/train-measure.ts's generator), 80/10/10
 *   train/valid/test, gold labels, and the votes of three keyword LFs (for the label model a
 *   distillation needs as its teacher). The size of the case; easy to learn.
 * - `youtube`: the WRENCH youtube sample (public/sample/wrench_youtube), two classes.
 * - `youtube_link3`: the same comments in three imbalanced classes: HAM, SPAM, and SPAM that carries a
 *   link (http, www., .com, youtu): dev holds 64 / 45 / 11 of them.
 */
import type { WrenchFiles } from '../../src/core/formats/wrench';
import { syntheticTexts } from './train-measure';

type Item = { label: number; weak_labels: number[]; data: { text: string } };

const LINK = /http|www\.|\.com|youtu/i;

export function youtubeLink3(youtube: WrenchFiles): WrenchFiles {
  const out: WrenchFiles = { 'label.json': JSON.stringify({ 0: 'HAM', 1: 'SPAM', 2: 'SPAM_LINK' }) };
  for (const split of ['train', 'valid', 'test'] as const) {
    const items = JSON.parse(youtube[`${split}.json`]!) as Record<string, Item>;
    const relabeled: Record<string, Item> = {};
    for (const [id, item] of Object.entries(items)) {
      const label = item.label === 1 && LINK.test(item.data.text) ? 2 : item.label;
      // The sample's LFs vote HAM/SPAM; a SPAM vote stays SPAM (a link LF would be a different set).
      relabeled[id] = { ...item, label };
    }
    out[`${split}.json`] = JSON.stringify(relabeled);
  }
  return out;
}

const SPAM_WORDS = /\b(subscribe|channel|click|free)\b/;
const HAM_WORDS = /\b(love|song|voice)\b/;

export function synthetic5k(n = 5000, seed = 20261129): WrenchFiles {
  const { texts, labels } = syntheticTexts(n, seed);
  const votes = (text: string) => [SPAM_WORDS.test(text) ? 1 : -1, HAM_WORDS.test(text) ? 0 : -1, /\d/.test(text) ? 1 : -1];
  const split = (from: number, to: number) => {
    const items: Record<string, Item> = {};
    for (let i = from; i < to; i++) items[String(i)] = { label: labels[i], weak_labels: votes(texts[i]), data: { text: texts[i] } };
    return JSON.stringify(items);
  };
  const train = Math.round(n * 0.8);
  const valid = Math.round(n * 0.9);
  return { 'label.json': JSON.stringify({ 0: 'HAM', 1: 'SPAM' }), 'train.json': split(0, train), 'valid.json': split(train, valid), 'test.json': split(valid, n) };
}
