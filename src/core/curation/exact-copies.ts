/**
 * Exact copies by content: groups of two or more items whose content is identical (strings compared
 * as given, so callers normalise first; bytes compared byte for byte after a hash narrows the search,
 * so a hash collision never groups two different items).
 */
export function exactCopyGroups(contents: ArrayLike<string | Uint8Array | null | undefined>): number[][] {
  const buckets = new Map<string | number, number[]>();
  for (let i = 0; i < contents.length; i++) {
    const c = contents[i];
    if (c === null || c === undefined) continue;
    const key = typeof c === 'string' ? `s${c}` : bytesHash(c);
    let list = buckets.get(key);
    if (!list) buckets.set(key, (list = []));
    list.push(i);
  }
  const groups: number[][] = [];
  for (const list of buckets.values()) {
    if (list.length < 2) continue;
    if (typeof contents[list[0]] === 'string') {
      groups.push(list);
      continue;
    }
    // Same hash: split into runs of identical bytes.
    const rest = list.slice();
    while (rest.length > 1) {
      const head = contents[rest[0]] as Uint8Array;
      const same = rest.filter((i) => sameBytes(head, contents[i] as Uint8Array));
      if (same.length > 1) groups.push(same);
      const left = rest.filter((i) => !same.includes(i));
      rest.length = 0;
      rest.push(...left);
    }
  }
  return groups.sort((a, b) => a[0] - b[0]);
}

function bytesHash(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0) + bytes.length * 2 ** 32;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
