/** Rebuilds every built-in model into `out` (relative to the repo root, or absolute); returns a summary. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO } from './data';
import { buildDigitTeacher } from './digit-teacher';
import { writeEmbedderCards } from './embedders';
import { buildSpamTeacher } from './spam-teacher';

export const BUILTIN_IDS = ['youtube-spam-teacher', 'mnist-digit-teacher', 'hashed-ngrams-embedder', 'image-pixels-embedder'];

export async function buildAll(out: string, only: 'all' | 'spam' | 'digits' | 'embedders' = 'all'): Promise<Record<string, unknown>> {
  const summary: Record<string, unknown> = {};
  const builders = { spam: [buildSpamTeacher], digits: [buildDigitTeacher], all: [buildSpamTeacher, buildDigitTeacher], embedders: [] }[only];
  for (const build of builders) {
    const t0 = Date.now();
    const { id, results, sizes, finalLoss } = await build(out);
    summary[id] = {
      seconds: (Date.now() - t0) / 1000,
      final_training_loss: finalLoss,
      bytes: sizes,
      test: Object.fromEntries(results.map(([name, r]) => [name, { n: r.n, accuracy: r.accuracy, macro_f1: r.macro_f1, log_loss: r.log_loss, f1_per_class: Object.fromEntries(r.per_class.map((c) => [c.label, +c.f1.toFixed(4)])) }])),
    };
  }
  if (only === 'all' || only === 'embedders') summary.embedders = writeEmbedderCards(out);

  // The index lists every model directory with a card, so the app can offer them without a listing API.
  const index = BUILTIN_IDS.flatMap((id) => {
    try {
      const card = JSON.parse(readFileSync(resolve(REPO, out, id, 'card.json'), 'utf8'));
      const files = Object.fromEntries(Object.entries(card.files ?? {}).map(([k, v]) => [k, `${id}/${v}`]));
      return [{ id, name: card.name, task: card.task, input_kind: card.input_kind, runtime: card.runtime, card: `${id}/card.json`, files }];
    } catch {
      return [];
    }
  });
  writeFileSync(resolve(REPO, out, 'index.json'), JSON.stringify({ models: index }, null, 2) + '\n');
  return summary;
}
