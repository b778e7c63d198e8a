/**
 * Reads a JavaScript regex (as the app's regex LFs run it: `new RegExp(pattern, flags).test(text)`) into
 * engine-neutral tokens, refusing what no SQL engine can match the same way. What each engine writes
 * or lacks is the emitter's business (`regex-emit.ts`).
 *
 * Refused here, for every engine: the `v` flag, legacy syntax (octal, `\c` without a letter), lone
 * surrogates, Unicode properties outside the general categories and scripts, and without the `u` flag
 * every construct whose length JS counts in UTF-16 code units where the engines count code points.
 */
import { groupOpenings, namedGroups, readEscape, refuse, Refusal, type Atom, type Cursor } from './regex-escape';
import type { ClassItem, GroupKind, ParsedRegex, Quantifier, Token } from './regex-tokens';

const UNIT_COUNT =
  'without the "u" flag JavaScript counts an emoji as two characters for ".", "[^…]", \\S, \\W and \\D, SQL engines count one; add the "u" flag (same meaning for all other text) or repeat it with * or +';

export function parseRegex(pattern: string, flags: string): ParsedRegex {
  const parsed: ParsedRegex = { unicode: flags.includes('u'), dotAll: flags.includes('s'), multiline: flags.includes('m'), caseless: flags.includes('i'), tokens: [] };
  try {
    if (flags.includes('v')) refuse('the "v" flag (set notation) has no equivalent');
    readTokens(pattern, parsed);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    parsed.refusal = error.quantifier ? { reason: error.reason, quantifier: error.quantifier } : { reason: error.reason };
  }
  return parsed;
}

function readTokens(pattern: string, parsed: ParsedRegex): void {
  const { unicode, tokens } = parsed;
  const r: Cursor = { pattern, at: 0, unicode, groupNames: namedGroups(pattern), groupCount: groupOpenings(pattern).length };
  let lookbehindDepth = 0;
  const groupStack: ('lookbehind' | 'other')[] = [];
  let previous: Atom | null = null;

  const codeAt = (at: number): number => (unicode ? pattern.codePointAt(at)! : pattern.charCodeAt(at));
  const width = (code: number) => (code > 0xffff ? 2 : 1);

  const atom = (token: Token, a: Partial<Atom> = {}) => {
    const next: Atom = { unitSensitive: false, astral: false, quantifiable: true, ...a };
    if (!unicode && next.unitSensitive && previous?.repeatedSensitive) {
      refuse('without the "u" flag JavaScript may split an emoji between two adjacent wildcards, SQL engines never do; add the "u" flag');
    }
    tokens.push(token);
    previous = next;
  };

  const characterClass = () => {
    const start = r.at;
    r.at++;
    let negated = false;
    if (pattern[r.at] === '^') {
      negated = true;
      r.at++;
    }
    if (pattern[r.at] === ']') {
      r.at++;
      atom({ kind: 'class', negated, items: [] }, { unitSensitive: negated });
      return;
    }
    const items: ClassItem[] = [];
    // A "-" between two single characters is a range; anywhere else (or next to \d…) a literal.
    let lastWasChar = false;
    let rangeOpen = false;
    while (r.at < pattern.length && pattern[r.at] !== ']') {
      if (pattern[r.at] === '\\') {
        const e = readEscape(r, true);
        if (rangeOpen && e.code === undefined) refuse('a character range ends in a class escape');
        items.push(e.token as ClassItem);
        lastWasChar = e.code !== undefined && !rangeOpen;
        rangeOpen = false;
        continue;
      }
      const code = codeAt(r.at);
      if (!unicode && code >= 0xd800 && code <= 0xdfff) refuse('without the "u" flag JavaScript reads an emoji in a character class as two separate halves; add the "u" flag');
      if (pattern[r.at] === '-' && lastWasChar && pattern[r.at + 1] !== ']' && pattern[r.at + 1] !== undefined) {
        items.push({ kind: 'range' });
        rangeOpen = true;
        lastWasChar = false;
      } else {
        items.push({ kind: 'char', code });
        lastWasChar = !rangeOpen;
        rangeOpen = false;
      }
      r.at += width(code);
    }
    if (r.at >= pattern.length) refuse(`the character class opened at ${start} is not closed`);
    r.at++;
    atom({ kind: 'class', negated, items }, { unitSensitive: negated });
  };

  const quantifier = (): boolean => {
    const c = pattern[r.at];
    let count: string;
    let starLike: boolean;
    let unbounded: boolean;
    let max = 0;
    if (c === '*' || c === '+') {
      count = c;
      starLike = true;
      unbounded = true;
    } else if (c === '?') {
      count = c;
      starLike = false;
      unbounded = false;
      max = 1;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(r.at));
      if (!m) {
        if (unicode) refuse(`"{" at ${r.at} is not a quantifier`);
        return false;
      }
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
      count = m[0];
      unbounded = hi === Infinity;
      starLike = unbounded && lo <= 1;
      max = Math.max(lo, Number.isFinite(hi) ? hi : 0);
    } else return false;
    const lazy = pattern[r.at + count.length] === '?';
    const token: Quantifier = { kind: 'quantifier', count, lazy, max, unbounded, inLookbehind: lookbehindDepth > 0 };
    if (!previous || !previous.quantifiable) refuse(`the quantifier "${c}" at ${r.at} follows nothing it can repeat`, token);
    const before = previous as Atom;
    if (!unicode && before.astral) refuse('without the "u" flag a quantifier after an emoji repeats only its second half; add the "u" flag', token);
    if (!unicode && before.unitSensitive && !starLike) refuse(UNIT_COUNT, token);
    r.at += count.length + (lazy ? 1 : 0);
    tokens.push(token);
    previous = { unitSensitive: false, astral: false, quantifiable: false, repeatedSensitive: before.unitSensitive };
    return true;
  };

  while (r.at < pattern.length) {
    const c = pattern[r.at];
    if (quantifier()) continue;
    // A unit-sensitive atom must be repeated by * or + right away: checked when the next thing starts.
    if (!unicode && previous && (previous as Atom).unitSensitive) refuse(UNIT_COUNT);
    switch (c) {
      case '\\': {
        const e = readEscape(r, false);
        atom(e.token, e.atom);
        break;
      }
      case '.':
        r.at++;
        atom({ kind: 'dot' }, { unitSensitive: true });
        break;
      case '^':
        r.at++;
        atom({ kind: 'start' }, { quantifiable: false });
        break;
      case '$':
        r.at++;
        atom({ kind: 'end' }, { quantifiable: false });
        break;
      case '[':
        characterClass();
        break;
      case '(': {
        const rest = pattern.slice(r.at);
        let group: GroupKind;
        if (rest.startsWith('(?:')) {
          group = 'non-capturing';
          r.at += 3;
        } else if (rest.startsWith('(?=') || rest.startsWith('(?!')) {
          group = rest[2] === '=' ? 'lookahead' : 'negative-lookahead';
          r.at += 3;
        } else if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
          group = rest[3] === '=' ? 'lookbehind' : 'negative-lookbehind';
          r.at += 4;
          lookbehindDepth++;
        } else if (rest.startsWith('(?<')) {
          group = 'capture';
          r.at = pattern.indexOf('>', r.at) + 1;
        } else if (rest.startsWith('(?')) {
          return refuse(`the group syntax "${rest.slice(0, 4)}" is not supported`);
        } else {
          group = 'capture';
          r.at++;
        }
        groupStack.push(group === 'lookbehind' || group === 'negative-lookbehind' ? 'lookbehind' : 'other');
        tokens.push({ kind: 'open', group });
        previous = null;
        break;
      }
      case ')': {
        const kind = groupStack.pop();
        if (!kind) refuse(`")" at ${r.at} closes no group`);
        if (kind === 'lookbehind') lookbehindDepth--;
        r.at++;
        tokens.push({ kind: 'close' });
        previous = { unitSensitive: false, astral: false, quantifiable: true };
        break;
      }
      case '|':
        r.at++;
        tokens.push({ kind: 'or' });
        previous = null;
        break;
      default: {
        const code = codeAt(r.at);
        if (!unicode && code >= 0xd800 && code <= 0xdbff && r.at + 1 < pattern.length) {
          // A literal emoji without "u": two code units that match the same pair as one code point does.
          const full = pattern.codePointAt(r.at)!;
          r.at += 2;
          atom({ kind: 'char', code: full }, { astral: true });
          break;
        }
        r.at += width(code);
        atom({ kind: 'char', code }, { astral: code > 0xffff });
      }
    }
  }
  if (!unicode && previous && (previous as Atom).unitSensitive) refuse(UNIT_COUNT);
  if (groupStack.length > 0) refuse('a group is not closed');
}
