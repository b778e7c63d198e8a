/**
 * Character-level helpers of the hashed n-gram featurizer (step 1 of the algorithm in text-hash.ts):
 * HTML entity/tag decoding and the class of each code point (word, space, dropped, other).
 */

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const TAG = /<\/?[A-Za-z][^<>]{0,500}>/g;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos|nbsp));/g;

export function decodeHtml(text: string): string {
  if (text.indexOf('<') < 0 && text.indexOf('&') < 0) return text;
  return text.replace(TAG, ' ').replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
    if (name) return NAMED_ENTITIES[name];
    const cp = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
    return cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? whole : String.fromCodePoint(cp);
  });
}

// Code point classes, looked up once per code point and cached (the regexes are too slow per character).
export const WORD = 1;
export const SPACE = 2;
export const DROP = 3;
export const OTHER = 4;
const WORD_RE = /[\p{L}\p{M}\p{N}\p{Pc}]/u;
const SPACE_RE = /[\s\p{Cc}]/u;
const DROP_RE = /\p{Cf}/u;
const bmpClass = new Uint8Array(0x10000);
const astralClass = new Map<number, number>();

function classify(cp: number): number {
  const s = String.fromCodePoint(cp);
  if (WORD_RE.test(s)) return WORD;
  // Before SPACE: JS `\s` counts U+FEFF (a Cf) as white space.
  if (DROP_RE.test(s) && cp !== 0x200c && cp !== 0x200d) return DROP;
  if (SPACE_RE.test(s)) return SPACE;
  return OTHER;
}

export function classOf(cp: number): number {
  if (cp < 0x10000) {
    let c = bmpClass[cp];
    if (c === 0) bmpClass[cp] = c = classify(cp);
    return c;
  }
  let c = astralClass.get(cp);
  if (c === undefined) astralClass.set(cp, (c = classify(cp)));
  return c;
}
