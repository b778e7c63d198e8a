import type { RegexDialect } from './regex-emit';

const ASCII_WORD = '[A-Za-z0-9_]';

/**
 * Spark SQL's regexes are java.util.regex: `$` also matches before a final line break (so `\z`), `\b`
 * is Unicode before Java 19 (so spelled out in ASCII), `(?u)` for Unicode case folding, and a
 * lookbehind must have a bounded length.
 */
export const java: RegexDialect = {
  name: 'Spark SQL (java.util.regex)',
  caseless: '(?iu)',
  end: '\\z',
  wordBoundary: (negated) =>
    negated
      ? `(?:(?<=${ASCII_WORD})(?=${ASCII_WORD})|(?<!${ASCII_WORD})(?!${ASCII_WORD}))`
      : `(?:(?<=${ASCII_WORD})(?!${ASCII_WORD})|(?<!${ASCII_WORD})(?=${ASCII_WORD}))`,
  script: (name, negated) => `\\${negated ? 'P' : 'p'}{Is${name}}`,
  lacks: { unboundedLookbehind: 'Java needs a lookbehind of bounded length' },
};
