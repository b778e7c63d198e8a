import type { ClassItem } from './regex-tokens';

/**
 * JavaScript's `i` flag is not the engines' case folding. Without `u` it compares by its own rule (ES
 * Canonicalize): a UTF-16 unit stands for its upper case when that is one unit, and a non-ASCII unit never
 * becomes ASCII, so `/s/i` does not match ſ (U+017F), `/k/i` not K (U+212A), `/ß/i` not ẞ; RE2 and Java
 * fold by Unicode's tables, which do. With `u` it folds by Unicode's simple folding, where Java's `(?iu)`
 * also takes ı and İ for i. So the translator hands the engine no case flag at all: it spells out every
 * set JavaScript matches, computed here by JavaScript itself.
 */

let canonTable: Uint16Array | undefined;
let variantsByCanon: Map<number, number[]> | undefined;

function canonicalise(unit: number): number {
  const upper = String.fromCharCode(unit).toUpperCase();
  if (upper.length !== 1) return unit;
  const up = upper.charCodeAt(0);
  return unit >= 128 && up < 128 ? unit : up;
}

function unitTables(): { canon: Uint16Array; variants: Map<number, number[]> } {
  if (!canonTable || !variantsByCanon) {
    canonTable = new Uint16Array(0x10000);
    variantsByCanon = new Map();
    for (let unit = 0; unit < 0x10000; unit++) {
      const c = canonicalise(unit);
      canonTable[unit] = c;
      const list = variantsByCanon.get(c);
      if (list) list.push(unit);
      else variantsByCanon.set(c, [unit]);
    }
  }
  return { canon: canonTable, variants: variantsByCanon };
}

let cased: number[] | undefined;

/**
 * Code points with a case mapping. Simple case folding only ever relates such code points (a folding
 * target is the lower case of its source), so under `iu` every other code point matches only itself.
 */
function casedCodePoints(): number[] {
  if (!cased) {
    cased = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (ch.toLowerCase() !== ch || ch.toUpperCase() !== ch) cased.push(cp);
    }
  }
  return cased;
}

const jsLiteral = (code: number) => `\\u{${code.toString(16)}}`;
const unicodeVariants = new Map<number, number[]>();

/** Every code point `/c/i` matches (`unicode`: `/c/iu`), c itself first. */
export function caseVariants(code: number, unicode: boolean): number[] {
  if (!unicode) {
    if (code > 0xffff) return [code];
    const { canon, variants } = unitTables();
    return [code, ...variants.get(canon[code])!.filter((v) => v !== code)];
  }
  let found = unicodeVariants.get(code);
  if (!found) {
    const same = new RegExp(`^${jsLiteral(code)}$`, 'iu');
    found = [code, ...casedCodePoints().filter((cp) => cp !== code && same.test(String.fromCodePoint(cp)))];
    unicodeVariants.set(code, found);
  }
  return found;
}

const inSet = (name: 'd' | 'w' | 's', unit: number): boolean => (name === 'd' ? /\d/ : name === 'w' ? /\w/ : /\s/).test(String.fromCharCode(unit));

/** Membership of one BMP unit in a class's items as written (no case rule, no `u`). */
function plainMember(items: ClassItem[], unit: number): boolean {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (items[i + 1]?.kind === 'range' && item.kind === 'char') {
      const end = items[i + 2] as { kind: 'char'; code: number };
      if (unit >= item.code && unit <= end.code) return true;
      i += 2;
      continue;
    }
    if (item.kind === 'char' && item.code === unit) return true;
    if (item.kind === 'set') {
      const lower = item.name.toLowerCase() as 'd' | 'w' | 's';
      if (inSet(lower, unit) !== (item.name !== lower)) return true;
    }
  }
  return false;
}

/** The class's items as JavaScript source, to let JavaScript decide membership with and without `i`. */
function classSource(items: ClassItem[]): string {
  return items
    .map((item) => {
      switch (item.kind) {
        case 'char':
          return jsLiteral(item.code);
        case 'range':
          return '-';
        case 'set':
          return `\\${item.name}`;
        case 'property':
          return `\\${item.negated ? 'P' : 'p'}{${item.category ?? `Script=${item.script}`}}`;
        case 'backreference':
          return '';
      }
    })
    .join('');
}

/**
 * The code points a class matches under JavaScript's `i` but not as written: JavaScript counts a code
 * point in when its case form is that of some member, so the rule only ever adds members, and adding
 * them to the class (negated or not) with no case flag gives JavaScript's answer. (`\W` inside a class
 * under `iu` is the one exception, refused by the emitter.)
 */
export function caseAdditions(items: ClassItem[], unicode: boolean): number[] {
  if (unicode) {
    const source = classSource(items);
    const plain = new RegExp(`^[${source}]$`, 'u');
    const caseless = new RegExp(`^[${source}]$`, 'iu');
    return casedCodePoints().filter((cp) => {
      const ch = String.fromCodePoint(cp);
      return caseless.test(ch) && !plain.test(ch);
    });
  }
  const { canon } = unitTables();
  const plain = new Uint8Array(0x10000);
  const canonOfMembers = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    if (plainMember(items, unit)) {
      plain[unit] = 1;
      canonOfMembers[canon[unit]] = 1;
    }
  }
  const added: number[] = [];
  for (let unit = 0; unit < 0x10000; unit++) if (!plain[unit] && canonOfMembers[canon[unit]]) added.push(unit);
  return added;
}

/** JavaScript's word characters under `iu` (`\w`, `\b`): ASCII's plus ſ and K, whose folds are ASCII. */
export const CASELESS_UNICODE_WORD = 'A-Za-z0-9_\\x{17F}\\x{212A}';
