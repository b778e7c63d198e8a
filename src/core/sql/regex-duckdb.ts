import type { RegexDialect } from './regex-emit';

/** RE2's repetition limit. */
const RE2_MAX_REPEAT = 1000;

/** DuckDB's regexes are RE2: ASCII `\b`, no lookaround, no backreferences, `^`/`$` lines end at \n only. */
export const re2: RegexDialect = {
  name: 'DuckDB (RE2)',
  end: '$',
  // Reached only with ASCII word characters: with "i" and "u" the boundary is refused below.
  wordBoundary: (negated) => (negated ? '\\B' : '\\b'),
  script: (name, negated) => `\\${negated ? 'P' : 'p'}{${name}}`,
  lacks: {
    lookahead: 'RE2 has no lookahead',
    lookbehind: 'RE2 has no lookbehind',
    backreference: 'RE2 has no backreferences',
    lineStart: 'with the "m" flag JavaScript starts a line after \\n, \\r, U+2028 and U+2029, RE2 only after \\n',
    lineEnd: 'with the "m" flag JavaScript ends a line before \\n, \\r, U+2028 and U+2029, RE2 only before \\n',
    unicodeCaselessBoundary: 'with the "i" and "u" flags JavaScript counts ſ (U+017F) and K (U+212A) as word characters at \\b and \\B, RE2 does not',
  },
  pairClassGuard: '\\x{D800}',
  maxRepeat: { count: RE2_MAX_REPEAT, reason: (count) => `RE2 repeats at most ${RE2_MAX_REPEAT} times (${count})` },
};
