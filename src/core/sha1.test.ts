import { describe, expect, it } from 'vitest';
import { sha1, sha1Mod } from './sha1';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('sha1', () => {
  it('matches the FIPS 180 test vectors and Python’s hashlib', () => {
    expect(hex(sha1(''))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    // Two blocks, and non-ASCII (UTF-8 bytes), as Python's hashlib gives them.
    expect(hex(sha1('a'.repeat(100)))).toBe('7f9000257a4918d7072655ea468540cdcbd42e0c');
    expect(hex(sha1('é'))).toBe('bf15be717ac1b080b4f1c456692825891ff5073d');
  });

  it('reads the digest as one big integer modulo d (Python: int(hexdigest, 16) % d)', () => {
    // int('a9993e364706816aba3e25717850c26c9cd0d89d', 16) % 7 == 4, % 2 == 1
    expect(sha1Mod('abc', 7)).toBe(4);
    expect(sha1Mod('abc', 2)).toBe(1);
  });
});
