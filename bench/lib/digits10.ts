import type { PipelineData, PipelineSplit } from '../../src/cli/pipeline';
import { mulberry32, shuffleInPlace } from '../../src/core/random';
import { digitTeacherProbs, loadDigitSample } from './mnist-sample';

/**
 * digits10: a balanced 10-class variant of the 2,000 MNIST sample digits (public/sample/mnist) with weak
 * sources. Each source is the built-in digit teacher (softmax regression, deliberately modest) shown one
 * part of the image only, the rest blanked: the top, bottom, left or right half, or the centre 14×14. It
 * votes its argmax where that is at least VOTE_AT sure and abstains elsewhere. Views and threshold were
 * fixed before any vote or label of this set was looked at. The student reads the 784 pixels.
 */
export const DIGIT_CLASSES = Array.from({ length: 10 }, (_, c) => String(c));
const VOTE_AT = 0.5;

type View = { name: string; keep: (row: number, col: number) => boolean };
export const DIGIT_VIEWS: View[] = [
  { name: 'top half', keep: (r) => r < 14 },
  { name: 'bottom half', keep: (r) => r >= 14 },
  { name: 'left half', keep: (_, c) => c < 14 },
  { name: 'right half', keep: (_, c) => c >= 14 },
  { name: 'centre 14×14', keep: (r, c) => r >= 7 && r < 21 && c >= 7 && c < 21 },
];

interface Digits {
  pixels: Float32Array;
  labels: Int16Array;
  votes: Int8Array;
}

let loaded: Promise<Digits> | null = null;

async function loadDigits(root: string): Promise<Digits> {
  const { x: pixels, labels } = loadDigitSample(root);
  const n = labels.length;
  const m = DIGIT_VIEWS.length;
  const votes = new Int8Array(n * m);
  for (const [j, view] of DIGIT_VIEWS.entries()) {
    const shown = Float32Array.from(pixels, (v, at) => (view.keep(Math.floor((at % 784) / 28), at % 28) ? v : 0));
    const probs = await digitTeacherProbs(root, shown, n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < 10; c++) if (probs[i * 10 + c] > probs[i * 10 + best]) best = c;
      votes[i * m + j] = probs[i * 10 + best] >= VOTE_AT ? best : -1;
    }
  }
  return { pixels, labels, votes };
}

/** A seeded 60/20/20 split into pool, dev and canary (as RAND HIE's and youtube_video6's). */
export async function digits10(root: string, seed: number): Promise<PipelineData> {
  loaded ??= loadDigits(root);
  const { pixels, labels, votes } = await loaded;
  const n = labels.length;
  const m = DIGIT_VIEWS.length;
  const order = shuffleInPlace(Uint32Array.from({ length: n }, (_, i) => i), mulberry32(seed ^ 0xd161));
  const cut = [Math.round(n * 0.6), Math.round(n * 0.8)];
  const split = (from: number, to: number): PipelineSplit => {
    const rows = Array.from(order.subarray(from, to));
    return { n: rows.length, m, votes: Int8Array.from(rows.flatMap((i) => Array.from(votes.subarray(i * m, (i + 1) * m)))), gold: Int16Array.from(rows, (i) => labels[i]), ids: rows.map((i) => `digit-${i}`) };
  };
  const values = new Float32Array(n * 784);
  order.forEach((i, r) => values.set(pixels.subarray(i * 784, (i + 1) * 784), r * 784));
  return {
    k: 10,
    classes: DIGIT_CLASSES,
    splits: { train: split(0, cut[0]), valid: split(cut[0], cut[1]), test: split(cut[1], n) },
    features: { kind: 'dense', n, shape: [784], values },
    featuresNote: '784 gray pixels in [0, 1]',
  };
}
