import { SiftError } from '../errors';
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
  /** Prefix for the `i` flag. */
  caseless: string;
  /** JavaScript's `$` without `m`: the very end of the text. */
  end: string;
  /** JavaScript's ASCII `\b` (negated: `\B`). */
  wordBoundary(negated: boolean): string;
  /** `\p{Script=NAME}` (negated: `\P`). */
  script(name: string, negated: boolean): string;
  /** What the engine lacks, each with the reason given when a pattern needs it. */
  lacks: Partial<Record<'lookahead' | 'lookbehind' | 'backreference' | 'lineStart' | 'lineEnd' | 'unboundedLookbehind', string>>;
  /** The most repetitions a count may name, and the reason given beyond it. */
  maxRepeat?: { count: number; reason: (count: string) => string };
}

export class RegexRefused extends SiftError {
  constructor(reason: string, pattern: string, flags: string) {
    super('sql-regex-unsupported', reason, { pattern, flags });
  }
}

const WS = '\\x{9}-\\x{D}\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
const LINE_END = '\\x{A}\\x{D}\\x{2028}\\x{2029}';
const ANY = '[\\x{0}-\\x{10FFFF}]';

export function emitRegex(parsed: ParsedRegex, dialect: RegexDialect, pattern: string, flags: string): string {
  const refuse = (why: string): never => {
    throw new RegexRefused(`/${pattern}/${flags} cannot run on ${dialect.name}: ${why}`, pattern, flags);
  };
  const need = (feature: keyof RegexDialect['lacks']) => {
    const reason = dialect.lacks[feature];
    if (reason !== undefined) refuse(reason);
  };
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
      case 'char':
        return literal(t.code);
      case 'range':
        return '-';
      case 'set':
        if (t.name === 's') return inClass ? WS : `[${WS}]`;
        if (t.name === 'S') return `[^${WS}]`;
        return `\\${t.name}`;
      case 'property':
        return t.category !== undefined ? `\\${t.negated ? 'P' : 'p'}{${t.category}}` : dialect.script(t.script!, t.negated);
      case 'backreference':
        need('backreference');
        return `(?:\\${t.group})`;
      case 'boundary':
        return dialect.wordBoundary(t.negated);
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
        return `[${t.negated ? '^' : ''}${t.items.map((i: ClassItem) => item(i, true)).join('')}]`;
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
  return (parsed.caseless ? dialect.caseless : '') + out;
}
