import { SiftError } from '../errors';

/**
 * Translates a JavaScript regex (as the app's regex LFs run it: `new RegExp(pattern, flags).test(text)`)
 * into the regex syntax of an SQL engine: RE2 (DuckDB) or java.util.regex (Spark). The result must
 * give the same true/false on every text; where a construct cannot, it is refused with the reason.
 *
 * Differences handled: JS `\s` is Unicode white space (RE2 and Java: ASCII only), `.` stops at four line
 * terminators (RE2: only \n), `$` is the very end (Java: also before a final line break), `\b` is ASCII
 * (Java before 19: Unicode), `/m` anchors know four line terminators, identity escapes (`\a` is "a"
 * in JS, a bell in RE2), `[]` and `[^]`, and without the `u` flag JS counts UTF-16 code units where the
 * engines count code points.
 */
export type RegexEngine = 're2' | 'java';

export class RegexRefused extends SiftError {
  constructor(reason: string, pattern: string, flags: string) {
    super('sql-regex-unsupported', reason, { pattern, flags });
  }
}

const WS = '\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
const LINE_END = '\\x{A}\\x{D}\\x{2028}\\x{2029}';
const ANY = '[\\x{0}-\\x{10FFFF}]';
const ASCII_WORD = '[A-Za-z0-9_]';
const CATEGORIES = new Set('L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Co'.split(' '));
/** RE2's repetition limit. */
const RE2_MAX_REPEAT = 1000;

const hex = (code: number) => `\\x{${code.toString(16).toUpperCase()}}`;

/** One code point as a literal of either engine: ASCII punctuation escaped, controls as \x{…}. */
export function literal(code: number): string {
  if (code < 0x20 || code === 0x7f) return hex(code);
  const ch = String.fromCodePoint(code);
  return /[!-/:-@[-`{-~]/.test(ch) ? `\\${ch}` : ch;
}

export function literalText(text: string): string {
  let out = '';
  for (const ch of text) out += literal(ch.codePointAt(0)!);
  return out;
}

interface Atom {
  /** Matches a different number of characters when JS counts UTF-16 code units (no `u` flag). */
  unitSensitive: boolean;
  /** An astral literal: without `u` JS quantifies only its second half. */
  astral: boolean;
  quantifiable: boolean;
  /** A unit-sensitive atom repeated by * or +: another one right after could split an emoji in JS. */
  repeatedSensitive?: boolean;
}

export function translateRegex(pattern: string, flags: string, engine: RegexEngine): string {
  const refuse = (why: string): never => {
    throw new RegexRefused(`/${pattern}/${flags} cannot run on ${engine === 're2' ? 'DuckDB (RE2)' : 'Spark SQL (java.util.regex)'}: ${why}`, pattern, flags);
  };
  const unicode = flags.includes('u');
  if (flags.includes('v')) refuse('the "v" flag (set notation) has no equivalent');
  const dotAll = flags.includes('s');
  const multiline = flags.includes('m');
  const groupNames = namedGroups(pattern);
  const groupCount = capturingGroups(pattern);

  let i = 0;
  let out = '';
  let lookbehindDepth = 0;
  const groupStack: ('lookbehind' | 'other')[] = [];
  let previous: Atom | null = null;

  const codeAt = (at: number): number => (unicode ? pattern.codePointAt(at)! : pattern.charCodeAt(at));
  const width = (code: number) => (code > 0xffff ? 2 : 1);

  const atom = (text: string, a: Partial<Atom> = {}) => {
    const next: Atom = { unitSensitive: false, astral: false, quantifiable: true, ...a };
    if (!unicode && next.unitSensitive && previous?.repeatedSensitive) {
      refuse('without the "u" flag JavaScript may split an emoji between two adjacent wildcards, SQL engines never do; add the "u" flag');
    }
    out += text;
    previous = next;
  };

  /** Reads an escape after the backslash at `i`; returns the translated text and its nature. */
  const escape = (inClass: boolean): { text: string; atom?: Partial<Atom>; code?: number } => {
    const c = pattern[i + 1];
    if (c === undefined) refuse('it ends with a lone backslash');
    i += 2;
    switch (c) {
      case 'd':
      case 'w':
        return { text: `\\${c}` };
      case 'D':
      case 'W':
        return { text: `\\${c}`, atom: { unitSensitive: true } };
      case 's':
        return { text: inClass ? WS : `[${WS}]` };
      case 'S':
        if (inClass) refuse('\\S inside a character class has no translation that keeps JavaScript\'s Unicode white space');
        return { text: `[^${WS}]`, atom: { unitSensitive: true } };
      case 'b':
        if (inClass) return { text: hex(8), code: 8 };
        return { text: engine === 're2' ? '\\b' : `(?:(?<=${ASCII_WORD})(?!${ASCII_WORD})|(?<!${ASCII_WORD})(?=${ASCII_WORD}))`, atom: { quantifiable: false } };
      case 'B':
        if (inClass) return { text: 'B', code: 66 };
        return { text: engine === 're2' ? '\\B' : `(?:(?<=${ASCII_WORD})(?=${ASCII_WORD})|(?<!${ASCII_WORD})(?!${ASCII_WORD}))`, atom: { quantifiable: false } };
      case 'n':
        return { text: hex(10), code: 10 };
      case 'r':
        return { text: hex(13), code: 13 };
      case 't':
        return { text: hex(9), code: 9 };
      case 'f':
        return { text: hex(12), code: 12 };
      case 'v':
        return { text: hex(11), code: 11 };
      case 'c': {
        const letter = pattern[i];
        if (letter && /[A-Za-z]/.test(letter)) {
          i++;
          const code = letter.charCodeAt(0) % 32;
          return { text: hex(code), code };
        }
        return refuse('"\\c" without a control letter is legacy syntax');
      }
      case 'x': {
        const digits = pattern.slice(i, i + 2);
        if (/^[0-9a-fA-F]{2}$/.test(digits)) {
          i += 2;
          const code = parseInt(digits, 16);
          return { text: literal(code), code };
        }
        if (unicode) refuse('"\\x" needs two hex digits');
        return { text: 'x', code: 120 };
      }
      case 'u':
        return unicodeEscape();
      case 'p':
      case 'P':
        if (!unicode) return { text: c, code: c.charCodeAt(0) };
        return property(c === 'P');
      case 'k':
        if (!unicode && groupNames.length === 0) return { text: 'k', code: 107 };
        return backreferenceByName();
      case '0':
        if (/[0-9]/.test(pattern[i] ?? '')) refuse('octal escapes are legacy syntax');
        return { text: hex(0), code: 0 };
      default:
        if (/[1-9]/.test(c)) {
          if (inClass) refuse(`"\\${c}" inside a character class is a legacy octal escape`);
          let digits = c;
          while (/[0-9]/.test(pattern[i] ?? '')) digits += pattern[i++];
          const n = Number(digits);
          if (n > groupCount) refuse(`"\\${digits}" refers to group ${n}, but there are ${groupCount}`);
          if (engine === 're2') refuse('RE2 has no backreferences');
          return { text: `(?:\\${n})`, atom: { unitSensitive: false } };
        }
        // An identity escape: the character itself (in RE2 "\a" would be a bell).
        return { text: literal(c.codePointAt(0)!), code: c.codePointAt(0)! };
    }
  };

  const unicodeEscape = (): { text: string; code: number; atom?: Partial<Atom> } => {
    if (pattern[i] === '{' && unicode) {
      const end = pattern.indexOf('}', i);
      const digits = pattern.slice(i + 1, end);
      if (end < 0 || !/^[0-9a-fA-F]{1,6}$/.test(digits)) refuse('"\\u{…}" needs hex digits');
      i = end + 1;
      const code = parseInt(digits, 16);
      if (code >= 0xd800 && code <= 0xdfff) refuse('a lone surrogate cannot be matched by an engine that reads code points');
      return { text: literal(code), code, atom: { astral: code > 0xffff } };
    }
    const digits = pattern.slice(i, i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) {
      if (unicode) refuse('"\\u" needs four hex digits');
      return { text: 'u', code: 117 };
    }
    i += 4;
    let code = parseInt(digits, 16);
    if (code >= 0xd800 && code <= 0xdbff && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(pattern.slice(i, i + 6))) {
      code = 0x10000 + ((code - 0xd800) << 10) + (parseInt(pattern.slice(i + 2, i + 6), 16) - 0xdc00);
      i += 6;
    }
    if (code >= 0xd800 && code <= 0xdfff) refuse('a lone surrogate cannot be matched by an engine that reads code points');
    return { text: literal(code), code, atom: { astral: code > 0xffff } };
  };

  const property = (negated: boolean): { text: string } => {
    if (pattern[i] !== '{') refuse('"\\p" needs {…}');
    const end = pattern.indexOf('}', i);
    const body = pattern.slice(i + 1, end);
    i = end + 1;
    const p = negated ? 'P' : 'p';
    if (CATEGORIES.has(body)) return { text: `\\${p}{${body}}` };
    const script = /^(?:Script|sc)=([A-Za-z_]+)$/.exec(body);
    if (script) return { text: engine === 're2' ? `\\${p}{${script[1]}}` : `\\${p}{Is${script[1]}}` };
    return refuse(`the Unicode property "${body}" is not one both engines know (use a general category like L, Lu, N or Script=…)`);
  };

  const backreferenceByName = (): { text: string } => {
    const match = /^<([^>]+)>/.exec(pattern.slice(i));
    if (!match) refuse('"\\k" needs <name>');
    i += match![0].length;
    const index = groupNames.indexOf(match![1]);
    if (index < 0) refuse(`"\\k<${match![1]}>" names no group`);
    if (engine === 're2') refuse('RE2 has no backreferences');
    return { text: `(?:\\${groupIndexOf(pattern, match![1])})` };
  };

  const characterClass = () => {
    const start = i;
    i++;
    let negated = false;
    if (pattern[i] === '^') {
      negated = true;
      i++;
    }
    if (pattern[i] === ']') {
      i++;
      atom(negated ? ANY : `[^${ANY.slice(1, -1)}]`, { unitSensitive: negated });
      return;
    }
    let body = '';
    // A "-" between two single characters is a range; anywhere else (or next to \d…) a literal.
    let lastWasChar = false;
    let rangeOpen = false;
    while (i < pattern.length && pattern[i] !== ']') {
      if (pattern[i] === '\\') {
        const e = escape(true);
        if (rangeOpen && e.code === undefined) refuse('a character range ends in a class escape');
        body += e.text;
        lastWasChar = e.code !== undefined && !rangeOpen;
        rangeOpen = false;
        continue;
      }
      const code = codeAt(i);
      if (!unicode && code >= 0xd800 && code <= 0xdfff) refuse('without the "u" flag JavaScript reads an emoji in a character class as two separate halves; add the "u" flag');
      if (pattern[i] === '-' && lastWasChar && pattern[i + 1] !== ']' && pattern[i + 1] !== undefined) {
        body += '-';
        rangeOpen = true;
        lastWasChar = false;
      } else {
        body += pattern[i] === '-' ? '\\-' : literal(code);
        lastWasChar = !rangeOpen;
        rangeOpen = false;
      }
      i += width(code);
    }
    if (i >= pattern.length) refuse(`the character class opened at ${start} is not closed`);
    i++;
    atom(`[${negated ? '^' : ''}${body}]`, { unitSensitive: negated });
  };

  const quantifier = (): boolean => {
    const c = pattern[i];
    let text: string;
    let starLike: boolean;
    let unbounded: boolean;
    let max = 0;
    if (c === '*' || c === '+') {
      text = c;
      starLike = true;
      unbounded = true;
    } else if (c === '?') {
      text = c;
      starLike = false;
      unbounded = false;
      max = 1;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) {
        if (unicode) refuse(`"{" at ${i} is not a quantifier`);
        return false;
      }
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
      text = m[0];
      unbounded = hi === Infinity;
      starLike = unbounded && lo <= 1;
      max = Math.max(lo, Number.isFinite(hi) ? hi : 0);
      if (engine === 're2' && max > RE2_MAX_REPEAT) refuse(`RE2 repeats at most ${RE2_MAX_REPEAT} times ({${m[1]}${m[2] ?? ''}})`);
    } else return false;
    if (!previous || !previous.quantifiable) refuse(`the quantifier "${c}" at ${i} follows nothing it can repeat`);
    const before = previous as Atom;
    if (!unicode && before.astral) refuse('without the "u" flag a quantifier after an emoji repeats only its second half; add the "u" flag');
    if (!unicode && before.unitSensitive && !starLike) {
      refuse('without the "u" flag JavaScript counts an emoji as two characters for ".", "[^…]", \\S, \\W and \\D, SQL engines count one; add the "u" flag (same meaning for all other text) or repeat it with * or +');
    }
    if (unbounded && lookbehindDepth > 0 && engine === 'java') refuse('Java needs a lookbehind of bounded length');
    i += text.length;
    if (pattern[i] === '?') {
      text += '?';
      i++;
    }
    out += text;
    previous = { unitSensitive: false, astral: false, quantifiable: false, repeatedSensitive: before.unitSensitive };
    return true;
  };

  while (i < pattern.length) {
    const c = pattern[i];
    if (quantifier()) continue;
    // A unit-sensitive atom must be repeated by * or + right away: checked when the next thing starts.
    if (!unicode && previous && (previous as Atom).unitSensitive) {
      refuse('without the "u" flag JavaScript counts an emoji as two characters for ".", "[^…]", \\S, \\W and \\D, SQL engines count one; add the "u" flag (same meaning for all other text) or repeat it with * or +');
    }
    switch (c) {
      case '\\': {
        const e = escape(false);
        atom(e.text, e.atom);
        break;
      }
      case '.':
        i++;
        atom(dotAll ? ANY : `[^${LINE_END}]`, { unitSensitive: true });
        break;
      case '^':
        i++;
        if (multiline && engine === 're2') refuse('with the "m" flag JavaScript starts a line after \\n, \\r, U+2028 and U+2029, RE2 only after \\n');
        atom(multiline ? `(?<![^${LINE_END}])` : '^', { quantifiable: false });
        break;
      case '$':
        i++;
        if (multiline && engine === 're2') refuse('with the "m" flag JavaScript ends a line before \\n, \\r, U+2028 and U+2029, RE2 only before \\n');
        atom(multiline ? `(?![^${LINE_END}])` : engine === 're2' ? '$' : '\\z', { quantifiable: false });
        break;
      case '[':
        characterClass();
        break;
      case '(': {
        const rest = pattern.slice(i);
        if (rest.startsWith('(?:')) {
          out += '(?:';
          i += 3;
          groupStack.push('other');
        } else if (rest.startsWith('(?=') || rest.startsWith('(?!')) {
          if (engine === 're2') refuse('RE2 has no lookahead');
          out += rest.slice(0, 3);
          i += 3;
          groupStack.push('other');
        } else if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
          if (engine === 're2') refuse('RE2 has no lookbehind');
          out += rest.slice(0, 4);
          i += 4;
          groupStack.push('lookbehind');
          lookbehindDepth++;
        } else if (rest.startsWith('(?<')) {
          // Named groups become plain groups: names differ in what each engine allows, numbers do not.
          i = pattern.indexOf('>', i) + 1;
          out += '(';
          groupStack.push('other');
        } else if (rest.startsWith('(?')) {
          return refuse(`the group syntax "${rest.slice(0, 4)}" is not supported`);
        } else {
          out += '(';
          i++;
          groupStack.push('other');
        }
        previous = null;
        break;
      }
      case ')': {
        const kind = groupStack.pop();
        if (!kind) refuse(`")" at ${i} closes no group`);
        if (kind === 'lookbehind') lookbehindDepth--;
        i++;
        out += ')';
        previous = { unitSensitive: false, astral: false, quantifiable: true };
        break;
      }
      case '|':
        i++;
        out += '|';
        previous = null;
        break;
      default: {
        const code = codeAt(i);
        if (!unicode && code >= 0xd800 && code <= 0xdbff && i + 1 < pattern.length) {
          // A literal emoji without "u": two code units that match the same pair as one code point does.
          const full = pattern.codePointAt(i)!;
          i += 2;
          atom(literal(full), { astral: true });
          break;
        }
        i += width(code);
        atom(literal(code), { astral: code > 0xffff });
      }
    }
  }
  if (!unicode && previous && (previous as Atom).unitSensitive) {
    refuse('without the "u" flag JavaScript counts an emoji as two characters for ".", "[^…]", \\S, \\W and \\D, SQL engines count one; add the "u" flag (same meaning for all other text) or repeat it with * or +');
  }
  if (groupStack.length > 0) refuse('a group is not closed');
  const caseless = flags.includes('i');
  return (caseless ? (engine === 're2' ? '(?i)' : '(?iu)') : '') + out;
}

function namedGroups(pattern: string): string[] {
  return [...pattern.matchAll(/\(\?<([^=!>][^>]*)>/g)].map((m) => m[1]);
}

/** Capturing groups: "(" not followed by "?", or "(?<name>". Escapes and classes are skipped. */
function capturingGroups(pattern: string): number {
  return groupOpenings(pattern).length;
}

function groupOpenings(pattern: string): { at: number; name: string | null }[] {
  const found: { at: number; name: string | null }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      if (pattern[i + 1] !== '?') found.push({ at: i, name: null });
      else {
        const m = /^\(\?<([^=!>][^>]*)>/.exec(pattern.slice(i));
        if (m) found.push({ at: i, name: m[1] });
      }
    }
  }
  return found;
}

function groupIndexOf(pattern: string, name: string): number {
  return groupOpenings(pattern).findIndex((g) => g.name === name) + 1;
}
