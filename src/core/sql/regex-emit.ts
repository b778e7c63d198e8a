import { SiftError } from '../errors';
import { CASELESS_UNICODE_WORD, caseAdditions, caseVariants } from './regex-case';
import { literal } from './regex-literal';
import type { ClassItem, GroupKind, ParsedRegex, Token } from './regex-tokens';

/**
 * Writes parsed regex tokens in one SQL engine's syntax (`RegexDialect`), so that the result gives the
 * same true/false as JavaScript on every text. What both engines read differently from JavaScript is
 * spelled out here: JS `\s` is Unicode white space (the engines: ASCII only), `.` stops at four line
 * terminators (RE2: only \n), `[]` and `[^]`; `/m` anchors know four line terminators.
 */
export interface RegexDialect {
  /** Named in refusals: "cannot run on NAME". */
  name: string;
  /** JavaScript's `$` without `m`: the very end of the text. */
  end: string;
  /** JavaScript's `\b` (negated: `\B`) between word characters of the class `word` (items of a class). */
  wordBoundary(negated: boolean, word: string): string;
  /** `\p{Script=NAME}` (negated: `\P`). */
  script(name: string, negated: boolean): string;
  /** What the engine lacks, each with the reason given when a pattern needs it. */
  lacks: Partial<Record<'lookahead' | 'lookbehind' | 'backreference' | 'lineStart' | 'lineEnd' | 'unboundedLookbehind' | 'unicodeCaselessBoundary', string>>;
  /**
   * Added to a class that holds exactly an ASCII letter in both cases: RE2 reads `[sS]` as "s, case
   * folded", and where it then merges alternatives (`[kK]|[sS]`) folds by Unicode, taking in ſ and K.
   * A third member that no text holds (a lone surrogate) keeps the class a class.
   */
  pairClassGuard?: string;
  /** The most repetitions a count may name, and the reason given beyond it. */
  maxRepeat?: { count: number; reason: (count: string) => string };
}

export class RegexRefused extends SiftError {
  constructor(reason: string, pattern: string, flags: string) {
    super('sql-regex-unsupported', reason, { pattern, flags });
  }
}

const WS = '\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
const ASCII_WORD = 'A-Za-z0-9_';
const LINE_END = '\\x{A}\\x{D}\\x{2028}\\x{2029}';
const ANY = '[\\x{0}-\\x{10FFFF}]';

/** Whether a class's members are exactly one ASCII letter in both cases (`[sS]`, `[S-Ss]`…). */
function isAsciiCasePair(items: ClassItem[], added: number[]): boolean {
  const members = new Set<number>(added);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.kind !== 'char') return false;
    const ranged = items[i + 1]?.kind === 'range';
    const end = ranged ? (items[i + 2] as { kind: 'char'; code: number }).code : item.code;
    if (end - item.code > 2) return false;
    for (let code = item.code; code <= end; code++) members.add(code);
    if (ranged) i += 2;
  }
  if (members.size !== 2) return false;
  const [a, b] = [...members].sort((x, y) => x - y);
  return a >= 0x41 && a <= 0x5a && b === a + 0x20;
}

/** Sorted code points as class items, runs of three or more as ranges. */
function classItems(codes: number[]): string {
  let out = '';
  for (let i = 0; i < codes.length; ) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === codes[j] + 1) j++;
    out += j - i >= 2 ? `${literal(codes[i])}-${literal(codes[j])}` : codes.slice(i, j + 1).map(literal).join('');
    i = j + 1;
  }
  return out;
}

export function emitRegex(parsed: ParsedRegex, dialect: RegexDialect, pattern: string, flags: string): string {
  const refuse = (why: string): never => {
    throw new RegexRefused(`/${pattern}/${flags} cannot run on ${dialect.name}: ${why}`, pattern, flags);
  };
  const need = (feature: keyof RegexDialect['lacks']) => {
    const reason = dialect.lacks[feature];
    if (reason !== undefined) refuse(reason);
  };
  // JavaScript's `i` is not the engines' case folding (regex-case.ts): what it matches is spelled out
  // and the engine matches case-sensitively.
  const spellCase = parsed.caseless;
  const caselessUnicode = parsed.caseless && parsed.unicode;
  const countWithin = (count: string, max: number) => {
    if (dialect.maxRepeat && max > dialect.maxRepeat.count) refuse(dialect.maxRepeat.reason(count));
  };

  const open = (group: GroupKind): string => {
    if (group === 'capture') return '(';
    if (group === 'non-capturing') return '(?:';
    if (group === 'lookahead' || group === 'negative-lookahead') need('lookahead');
    else need('lookbehind');
    return { lookahead: '(?=', 'negative-lookahead': '(?!', lookbehind: '(?<=', 'negative-lookbehind': '(?<!' }[group];
  };

  const item = (t: ClassItem | Token, inClass: boolean): string => {
    switch (t.kind) {
      case 'char': {
        if (!spellCase || inClass) return literal(t.code);
        const variants = caseVariants(t.code, parsed.unicode);
        if (variants.length === 1) return literal(t.code);
        const guard = variants.length === 2 && isAsciiCasePair([{ kind: 'char', code: variants[0] }, { kind: 'char', code: variants[1] }], []) ? (dialect.pairClassGuard ?? '') : '';
        return `[${variants.map(literal).join('')}${guard}]`;
      }
      case 'range':
        return '-';
      case 'set':
        if (t.name === 's') return inClass ? WS : `[${WS}]`;
        if (t.name === 'S') return `[^${WS}]`;
        if (caselessUnicode && (t.name === 'w' || t.name === 'W')) {
          if (!inClass) return `[${t.name === 'W' ? '^' : ''}${CASELESS_UNICODE_WORD}]`;
          if (t.name === 'W') refuse('with the "i" and "u" flags JavaScript\'s \\W inside a class leaves out ſ (U+017F) and K (U+212A), which the engine cannot say there');
        }
        return `\\${t.name}`;
      case 'property':
        return t.category !== undefined ? `\\${t.negated ? 'P' : 'p'}{${t.category}}` : dialect.script(t.script!, t.negated);
      case 'backreference':
        need('backreference');
        if (spellCase) refuse('with the "i" flag and no "u" JavaScript compares a backreference by its own case rule, which the engine does not share');
        return `(?:\\${t.group})`;
      case 'boundary':
        if (caselessUnicode) need('unicodeCaselessBoundary');
        return dialect.wordBoundary(t.negated, caselessUnicode ? CASELESS_UNICODE_WORD : ASCII_WORD);
      case 'dot':
        return parsed.dotAll ? ANY : `[^${LINE_END}]`;
      case 'start':
        if (!parsed.multiline) return '^';
        need('lineStart');
        return `(?<![^${LINE_END}])`;
      case 'end':
        if (!parsed.multiline) return dialect.end;
        need('lineEnd');
        return `(?![^${LINE_END}])`;
      case 'class':
        if (t.items.length === 0) return t.negated ? ANY : `[^${ANY.slice(1, -1)}]`;
      {
        const added = spellCase ? caseAdditions(t.items, parsed.unicode) : [];
        const guard = !t.negated && isAsciiCasePair(t.items, added) ? (dialect.pairClassGuard ?? '') : '';
        return `[${t.negated ? '^' : ''}${t.items.map((i: ClassItem) => item(i, true)).join('')}${classItems(added)}${guard}]`;
      }
      case 'open':
        return open(t.group);
      case 'close':
        return ')';
      case 'or':
        return '|';
      case 'quantifier':
        countWithin(t.count, t.max);
        if (t.unbounded && t.inLookbehind) need('unboundedLookbehind');
        return t.count + (t.lazy ? '?' : '');
    }
  };

  let out = '';
  for (const t of parsed.tokens) out += item(t, false);
  if (parsed.refusal) {
    // The engine's repetition limit is named before what the quantifier repeats, as it is read first.
    if (parsed.refusal.quantifier) countWithin(parsed.refusal.quantifier.count, parsed.refusal.quantifier.max);
    refuse(parsed.refusal.reason);
  }
  return out;
}
