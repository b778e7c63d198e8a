/**
 * SHA-1 of a string's UTF-8 bytes, as 20 bytes. Used where a decision must match another tool's
 * (Snorkel breaks label ties with SHA-1 of the item index), not for security.
 */
export function sha1(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const bitLength = bytes.length * 8;
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  for (let block = 0; block < blocks; block++) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block * 64 + t * 4);
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let kt: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        kt = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        kt = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        kt = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        kt = 0xca62c1d6;
      }
      const temp = (((a << 5) | (a >>> 27)) + f + e + kt + w[t]) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => outView.setUint32(i * 4, h));
  return out;
}

/** The digest read as one big-endian integer, modulo `divisor` (what Python's `int(hexdigest, 16) % d` gives). */
export function sha1Mod(text: string, divisor: number): number {
  let rest = 0;
  for (const byte of sha1(text)) rest = (rest * 256 + byte) % divisor;
  return rest;
}
