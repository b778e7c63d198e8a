/**
 * Random picks stratified by the model's predicted class: classes take turns (the class with the
 * fewest labels so far first), each taking its next item in the fixed random order. Plain random picks
 * follow the pool's class mix and rarely show a small class; plain uncertainty picks crowd one region.
 */
export function stratifiedRandomPicks(input: { n: number; k: number; probs: Float32Array; randomOrder: Uint32Array; revealedLabels: readonly number[] }, taken: Uint8Array, want: number): number[] {
  const { k, probs, randomOrder } = input;
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (const i of randomOrder) {
    if (taken[i]) continue;
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
