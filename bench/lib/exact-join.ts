import { jaccard, normalizeForShingles, shingleSet } from '../../src/core/curation/shingles';

/**
 * Every pair with shingle Jaccard ≥ t, exactly: the all-pairs similarity join with prefix filtering
 * (Bayardo et al., WWW 2007). Shingles are ordered rarest first; a pair with J ≥ t must share one of
 * the first |x| − ⌈t·|x|⌉ + 1 shingles of each set, so only pairs sharing such a prefix shingle (and
 * with compatible sizes) are compared, each with its exact Jaccard. Same answer as comparing all
 * n²/2 pairs, without the wait.
 */
export function exactPairs(texts: string[], t: number): Set<string> {
  const sets = texts.map((x) => shingleSet(normalizeForShingles(x)));
  const frequency = new Map<number | string, number>();
  for (const s of sets) for (const token of s) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  const index = new Map<number | string, number[]>();
  const out = new Set<string>();
  for (let i = 0; i < sets.length; i++) {
    const tokens = [...sets[i]].sort((a, b) => frequency.get(a)! - frequency.get(b)! || String(a).localeCompare(String(b)));
    const prefix = tokens.length - Math.ceil(t * tokens.length) + 1;
    const seen = new Set<number>();
    for (let p = 0; p < prefix; p++) {
      const list = index.get(tokens[p]);
      if (list) {
        for (const j of list) {
          if (seen.has(j)) continue;
          seen.add(j);
          const small = Math.min(sets[i].size, sets[j].size);
          const large = Math.max(sets[i].size, sets[j].size);
          if (small >= t * large && jaccard(sets[i], sets[j]) >= t) out.add(`${j},${i}`);
        }
        list.push(i);
      } else index.set(tokens[p], [i]);
    }
  }
  return out;
}
