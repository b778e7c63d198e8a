import { describe, expect, it } from 'vitest';
import { matchedWords, requiredWords } from './prefilter';

describe('requiredWords', () => {
  it('reads the words of an alternation of plain words, in a group or not, between anchors', () => {
    expect(requiredWords('\\b(?:billing|Payment)\\b')).toEqual(['billing', 'Payment']);
    expect(requiredWords('^(refund|2FA)$')).toEqual(['refund', '2FA']);
    expect(requiredWords('refund|invoice')).toEqual(['refund', 'invoice']);
    expect(requiredWords('\\bok\\b')).toEqual(['ok']);
  });

  it('knows nothing of any other shape', () => {
    for (const pattern of ['a.c', 'x*', 'colou?r', '(?:a|b)c', 'a(?:b|c)', '(a)|(b)', '\\bfoo\\w', 'caf\\u00e9', 'café', 'a b', '', 'a|', '\\Bx', 'x\\B', '(?=a)a', '[ab]', 'a{2}', '\\\\b'])
      expect(requiredWords(pattern), pattern).toBeNull();
  });

  it('knows the patterns that are only an alternation of words, as whole words or anywhere', () => {
    expect(matchedWords('\\b(?:billing|Pay2)\\b')).toEqual({ words: ['billing', 'Pay2'], wholeWord: true });
    expect(matchedWords('\\bok\\b')).toEqual({ words: ['ok'], wholeWord: true });
    expect(matchedWords('(refund|invoice)')).toEqual({ words: ['refund', 'invoice'], wholeWord: false });
    expect(matchedWords('refund|invoice')).toEqual({ words: ['refund', 'invoice'], wholeWord: false });
    // The anchors of `\ba|b\b` bind to one word each; one-sided, ^ and $ anchors say more than words.
    for (const pattern of ['\\ba|b\\b', '\\b(a|b)', '(a|b)\\b', '^(a|b)$', '\\b\\b(a)\\b', 'a.c', '', 'a|', '(?:a|b)c'])
      expect(matchedWords(pattern), pattern).toBeNull();
  });
});
