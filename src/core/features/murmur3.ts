/**
 * MurmurHash3 x86 32-bit (Austin Appleby, public domain), the hash behind every hashed feature in Sift.
 * Two forms that give identical results: over a byte range, and streaming (fed one byte at a time, for
 * n-grams whose bytes are not contiguous), so the featurizer never builds n-gram strings.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** murmur3's 32-bit finaliser: a strong bit mixer on its own too. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3_x86_32 of `bytes` with `seed`; an unsigned 32-bit integer. */
export function murmur3_32(bytes: Uint8Array, seed: number): number {
  return murmur3Range(bytes, 0, bytes.length, seed);
}

/** MurmurHash3_x86_32 of `bytes[start .. end)`, without a subarray view. */
export function murmur3Range(bytes: Uint8Array, start: number, end: number, seed: number): number {
  let h = seed | 0;
  const length = end - start;
  const blocks = start + (length & ~3);
  for (let i = start; i < blocks; i += 4) {
    const k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    h = mixBlock(h, k);
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = bytes[blocks];
    if (tail > 1) k |= bytes[blocks + 1] << 8;
    if (tail > 2) k |= bytes[blocks + 2] << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  return fmix32(h);
}

// Streaming state. Module-level because hashing never yields: one n-gram is hashed start to end in one go.
let sH = 0;
let sK = 0;
let sKBytes = 0;
let sLen = 0;

export function streamStart(seed: number): void {
  sH = seed | 0;
  sK = 0;
  sKBytes = 0;
  sLen = 0;
}

export function streamByte(b: number): void {
  sK |= b << (sKBytes << 3);
  sLen++;
  if (++sKBytes === 4) {
    sH = mixBlock(sH, sK);
    sK = 0;
    sKBytes = 0;
  }
}

export function streamEnd(): number {
  let h = sH;
  if (sKBytes > 0) {
    let k = Math.imul(sK, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= sLen;
  return fmix32(h);
}
