import { describe, expect, it } from 'vitest';
import { translateRegex } from './regex';

describe('JS regex → RE2 / java.util.regex', () => {
  it('spells out what the engines read differently', () => {
    expect(translateRegex('\\s', '', 're2')).toContain('\\x{A0}');
    expect(translateRegex('a.b', 'u', 're2')).toBe('a[^\\x{A}\\x{D}\\x{2028}\\x{2029}]b');
    expect(translateRegex('a.b', 'su', 're2')).toBe('a[\\x{0}-\\x{10FFFF}]b');
    expect(translateRegex('x$', '', 're2')).toBe('x$');
    expect(translateRegex('x$', '', 'java')).toBe('x\\z');
    expect(translateRegex('\\bok', '', 'java')).toContain('(?<=[A-Za-z0-9_])');
    expect(translateRegex('\\a', '', 're2')).toBe('a');
    expect(translateRegex('[A-Z]{4,}', '', 're2')).toBe('[A-Z]{4,}');
    expect(translateRegex('[-a&[]', '', 'java')).toBe('[\\-a\\&\\[]');
    // JavaScript's "i" is spelled out, no engine case flag (RE2 and Java fold ſ into s, K into k…).
    expect(translateRegex('hi', 'i', 're2')).toBe('[hH\\x{D800}][iI\\x{D800}]');
    expect(translateRegex('hi', 'i', 'java')).toBe('[hH][iI]');
    expect(translateRegex('sk', 'iu', 'java')).toBe('[sS\u017F][kK\u212A]');
    expect(translateRegex('[a-c]', 'i', 're2')).toBe('[a-cA-C]');
    expect(translateRegex('[s-t]', 'iu', 're2')).toBe('[s-tSTſ]');
    expect(translateRegex('\\w', 'iu', 'java')).toBe('[A-Za-z0-9_\\x{17F}\\x{212A}]');
    expect(translateRegex('\\bok', 'iu', 'java')).toContain('(?<=[A-Za-z0-9_\\x{17F}\\x{212A}])');
    expect(translateRegex('[sS]|k', '', 're2')).toBe('[sS\\x{D800}]|k');
    expect(translateRegex('(?<y>\\d{4})-\\k<y>', 'u', 'java')).toBe('(\\d{4})\\-(?:\\1)');
  });

  it.each([
    ['(?<=a)b', '', 're2', /no lookbehind/],
    ['a(?!b)', '', 're2', /no lookahead/],
    ['(a)\\1', '', 're2', /no backreferences/],
    ['^a', 'm', 're2', /"m" flag/],
    ['a.b', '', 're2', /"u" flag/],
    ['[^a]', '', 'java', /"u" flag/],
    ['.+.+', '', 're2', /split an emoji/],
    ['😀+', '', 're2', /second half/],
    ['a{1001}', 'u', 're2', /at most 1000/],
    ['(?<=a+)b', '', 'java', /bounded length/],
    ['\\bwin', 'iu', 're2', /ſ \(U\+017F\)/],
    ['[\\Wa]', 'iu', 'java', /\\W inside a class/],
    ['(a)\\1', 'i', 'java', /own case rule/],
    ['x', 'v', 're2', /set notation/],
    ['\\p{Alphabetic}', 'u', 're2', /property/],
  ] as const)('refuses /%s/%s on %s with the reason', (pattern, flags, engine, reason) => {
    expect(() => translateRegex(pattern, flags, engine)).toThrow(reason);
  });

  it('keeps lookarounds, backreferences and /m anchors on Java', () => {
    expect(translateRegex('(?<=a)b(?!c)', '', 'java')).toBe('(?<=a)b(?!c)');
    expect(translateRegex('(a)\\1', '', 'java')).toBe('(a)(?:\\1)');
    expect(translateRegex('^a$', 'm', 'java')).toBe('(?<![^\\x{A}\\x{D}\\x{2028}\\x{2029}])a(?![^\\x{A}\\x{D}\\x{2028}\\x{2029}])');
  });
});
