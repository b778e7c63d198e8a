import { describe, expect, it } from 'vitest';
import { requiredWords } from './prefilter';

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
});
