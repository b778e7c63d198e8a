/**
 * One check of a card as the user edits it: schema, the card against the model's real inputs and
 * outputs, and the runtime against the model's format. The same problem found twice (a label count
 * that is wrong for both the logits and the probabilities output, by the card and by the model) is
 * listed once, as the last finding: what the model itself says.
 */
import { parseCard, type CardProblem } from './card';
import { validateCard, type ModelInfo } from './card-validate';

export type ModelFileFormat = 'onnx' | 'tfjs';

export function checkCard(card: unknown, info: ModelInfo | null, format: ModelFileFormat | null): CardProblem[] {
  const parsed = parseCard(card);
  if (!parsed.card) return parsed.problems;
  const problems = validateCard(parsed.card, info);
  if (format) {
    const fits = format === 'tfjs' ? parsed.card.runtime.startsWith('tfjs') : parsed.card.runtime === 'onnx';
    if (!fits) problems.unshift({ code: 'runtime', path: 'runtime', severity: 'error', message: `runtime is '${parsed.card.runtime}', but this is ${format === 'tfjs' ? "a TF.js model ('tfjs-layers' or 'tfjs-graph')" : "an ONNX model ('onnx')"}` });
  }
  const last = new Map<string, number>();
  problems.forEach((p, i) => last.set(`${p.code}\u0000${p.path}`, i));
  return problems.filter((p, i) => last.get(`${p.code}\u0000${p.path}`) === i);
}
