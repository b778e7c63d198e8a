/** Reading escapes (`\d`, `\u{…}`, `\p{…}`, `\k<name>`…), and the pieces the parser shares with it. */
import type { Quantifier, Token } from './regex-tokens';

/** Where the parser stands in the pattern. */
export interface Cursor {
  readonly pattern: string;
  at: number;
  readonly unicode: boolean;
  readonly groupNames: string[];
  readonly groupCount: number;
}

export interface Atom {
  /** Matches a different number of characters when JS counts UTF-16 code units (no `u` flag). */
  unitSensitive: boolean;
  /** An astral literal: without `u` JS quantifies only its second half. */
  astral: boolean;
  quantifiable: boolean;
  /** A unit-sensitive atom repeated by * or +: another one right after could split an emoji in JS. */
  repeatedSensitive?: boolean;
}

/** A construct refused for every engine; caught by `parseRegex`. */
export class Refusal {
  constructor(
    readonly reason: string,
    readonly quantifier?: Quantifier,
  ) {}
}

export const refuse = (reason: string, quantifier?: Quantifier): never => {
  throw new Refusal(reason, quantifier);
};

export type Escape = { token: Exclude<Token, { kind: 'class' | 'open' | 'close' | 'or' | 'quantifier' | 'dot' | 'start' | 'end' }>; atom?: Partial<Atom>; code?: number };

const CATEGORIES = new Set('L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Co'.split(' '));

const char = (code: number, a?: Partial<Atom>): Escape => ({ token: { kind: 'char', code }, code, ...(a ? { atom: a } : {}) });

/** Reads an escape after the backslash at `r.at`; leaves `r.at` after it. */
export function readEscape(r: Cursor, inClass: boolean): Escape {
  const c = r.pattern[r.at + 1];
  if (c === undefined) refuse('it ends with a lone backslash');
  r.at += 2;
  switch (c) {
    case 'd':
    case 'w':
      return { token: { kind: 'set', name: c } };
    case 'D':
    case 'W':
      return { token: { kind: 'set', name: c }, atom: { unitSensitive: true } };
    case 's':
      return { token: { kind: 'set', name: 's' } };
    case 'S':
      if (inClass) refuse('\\S inside a character class has no translation that keeps JavaScript\'s Unicode white space');
      return { token: { kind: 'set', name: 'S' }, atom: { unitSensitive: true } };
    case 'b':
      if (inClass) return char(8);
      return { token: { kind: 'boundary', negated: false }, atom: { quantifiable: false } };
    case 'B':
      if (inClass) return char(66);
      return { token: { kind: 'boundary', negated: true }, atom: { quantifiable: false } };
    case 'n':
      return char(10);
    case 'r':
      return char(13);
    case 't':
      return char(9);
    case 'f':
      return char(12);
    case 'v':
      return char(11);
    case 'c': {
      const letter = r.pattern[r.at];
      if (letter && /[A-Za-z]/.test(letter)) {
        r.at++;
        return char(letter.charCodeAt(0) % 32);
      }
      return refuse('"\\c" without a control letter is legacy syntax');
    }
    case 'x': {
      const digits = r.pattern.slice(r.at, r.at + 2);
      if (/^[0-9a-fA-F]{2}$/.test(digits)) {
        r.at += 2;
        return char(parseInt(digits, 16));
      }
      if (r.unicode) refuse('"\\x" needs two hex digits');
      return char(120);
    }
    case 'u':
      return unicodeEscape(r);
    case 'p':
    case 'P':
      if (!r.unicode) return char(c.charCodeAt(0));
      return property(r, c === 'P');
    case 'k':
      if (!r.unicode && r.groupNames.length === 0) return char(107);
      return backreferenceByName(r);
    case '0':
      if (/[0-9]/.test(r.pattern[r.at] ?? '')) refuse('octal escapes are legacy syntax');
      return char(0);
    default:
      if (/[1-9]/.test(c)) {
        if (inClass) refuse(`"\\${c}" inside a character class is a legacy octal escape`);
        let digits = c;
        while (/[0-9]/.test(r.pattern[r.at] ?? '')) digits += r.pattern[r.at++];
        const n = Number(digits);
        if (n > r.groupCount) refuse(`"\\${digits}" refers to group ${n}, but there are ${r.groupCount}`);
        return { token: { kind: 'backreference', group: n } };
      }
      // An identity escape: the character itself (in RE2 "\a" would be a bell).
      return char(c.codePointAt(0)!);
  }
}

function unicodeEscape(r: Cursor): Escape {
  if (r.pattern[r.at] === '{' && r.unicode) {
    const end = r.pattern.indexOf('}', r.at);
    const digits = r.pattern.slice(r.at + 1, end);
    if (end < 0 || !/^[0-9a-fA-F]{1,6}$/.test(digits)) refuse('"\\u{…}" needs hex digits');
    r.at = end + 1;
    const code = parseInt(digits, 16);
    if (code >= 0xd800 && code <= 0xdfff) refuse('a lone surrogate cannot be matched by an engine that reads code points');
    return char(code, { astral: code > 0xffff });
  }
  const digits = r.pattern.slice(r.at, r.at + 4);
  if (!/^[0-9a-fA-F]{4}$/.test(digits)) {
    if (r.unicode) refuse('"\\u" needs four hex digits');
    return char(117);
  }
  r.at += 4;
  let code = parseInt(digits, 16);
  if (code >= 0xd800 && code <= 0xdbff && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(r.pattern.slice(r.at, r.at + 6))) {
    code = 0x10000 + ((code - 0xd800) << 10) + (parseInt(r.pattern.slice(r.at + 2, r.at + 6), 16) - 0xdc00);
    r.at += 6;
  }
  if (code >= 0xd800 && code <= 0xdfff) refuse('a lone surrogate cannot be matched by an engine that reads code points');
  return char(code, { astral: code > 0xffff });
}

function property(r: Cursor, negated: boolean): Escape {
  if (r.pattern[r.at] !== '{') refuse('"\\p" needs {…}');
  const end = r.pattern.indexOf('}', r.at);
  const body = r.pattern.slice(r.at + 1, end);
  r.at = end + 1;
  if (CATEGORIES.has(body)) return { token: { kind: 'property', negated, category: body } };
  const script = /^(?:Script|sc)=([A-Za-z_]+)$/.exec(body);
  if (script) return { token: { kind: 'property', negated, script: script[1] } };
  return refuse(`the Unicode property "${body}" is not one both engines know (use a general category like L, Lu, N or Script=…)`);
}

function backreferenceByName(r: Cursor): Escape {
  const match = /^<([^>]+)>/.exec(r.pattern.slice(r.at));
  if (!match) return refuse('"\\k" needs <name>');
  r.at += match[0].length;
  if (!r.groupNames.includes(match[1])) refuse(`"\\k<${match[1]}>" names no group`);
  return { token: { kind: 'backreference', group: groupOpenings(r.pattern).findIndex((g) => g.name === match[1]) + 1 } };
}

export function namedGroups(pattern: string): string[] {
  return [...pattern.matchAll(/\(\?<([^=!>][^>]*)>/g)].map((m) => m[1]);
}

/** Capturing groups: "(" not followed by "?", or "(?<name>". Escapes and classes are skipped. */
export function groupOpenings(pattern: string): { at: number; name: string | null }[] {
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
