interface ClassTurnsInput {
  k: number;
  probs: Float32Array;
  revealedLabels: readonly number[];
}

/**
 * Candidates dealt out across the model's predicted classes: classes take turns (the class with the
 * fewest labels so far first), each taking its next candidate in the given order, until `want` are
 * picked or every class has run out.
 */
export function pickByClassTurns(candidates: Iterable<number>, input: ClassTurnsInput, want: number): number[] {
  const { k, probs } = input;
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (const i of candidates) {
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
    byClass[top].push(i);
  }
  const counts = new Array<number>(k).fill(0);
  for (const y of input.revealedLabels) if (y >= 0 && y < k) counts[y]++;
  const order = [...Array(k).keys()].sort((a, b) => counts[a] - counts[b] || a - b);
  const cursor = new Array<number>(k).fill(0);
  const out: number[] = [];
  while (out.length < want) {
    let added = false;
    for (const c of order) {
      if (out.length >= want) break;
      if (cursor[c] < byClass[c].length) {
        out.push(byClass[c][cursor[c]++]);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}

/**
 * Random picks stratified by the model's predicted class, each class taking its next item in the fixed
 * random order. Plain random picks follow the pool's class mix and rarely show a small class; plain
 * uncertainty picks crowd one region.
 */
export function stratifiedRandomPicks(input: ClassTurnsInput & { n: number; randomOrder: Uint32Array }, taken: Uint8Array, want: number): number[] {
  const untaken = input.randomOrder.filter((i) => !taken[i]);
  return pickByClassTurns(untaken, input, want);
}
