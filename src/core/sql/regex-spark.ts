import type { RegexDialect } from './regex-emit';

/**
 * Spark SQL's regexes are java.util.regex: `$` also matches before a final line break (so `\z`), `\b`
 * is Unicode before Java 19 (so spelled out by lookaround), and a lookbehind must have a bounded length.
 * JavaScript's `i` is spelled out in the pattern (regex-case.ts), since `(?iu)` folds differently.
 */
export const java: RegexDialect = {
  name: 'Spark SQL (java.util.regex)',
  end: '\\z',
  wordBoundary: (negated, word) =>
    negated
      ? `(?:(?<=[${word}])(?=[${word}])|(?<![${word}])(?![${word}]))`
      : `(?:(?<=[${word}])(?![${word}])|(?<![${word}])(?=[${word}]))`,
  script: (name, negated) => `\\${negated ? 'P' : 'p'}{Is${name}}`,
  lacks: { unboundedLookbehind: 'Java needs a lookbehind of bounded length' },
};
