// The profile's fast paths against the general rules they stand in for: bare dates and ASCII tokens.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { daysIn, parseDatetime, parseDatetimeSlow } from './infer';
import { countTokens, countTokensRegex, trimmed } from './profile';

describe('parseDatetime on bare dates', () => {
  it('gives the general parse for every year, month and day shape, valid or not', () => {
    const cells: string[] = [];
    for (const year of ['0000', '0099', '0100', '0104', '1600', '1899', '1900', '1969', '1970', '2000', '2024', '2023', '2100', '9999'])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++)
          for (const [a, b] of [['-', '-'], ['/', '/'], ['-', '/']]) cells.push(`${year}${a}${String(month).padStart(2, '0')}${b}${String(day).padStart(2, '0')}`);
    cells.push('2024-1-01', '2024-01-0a', '２０２４-01-01', '٢٠٢٤-01-01', ' 2024-01-01', '2024-01-01 ', '2024_01_01', '20240101xx', '2024-01-01T10:00Z', '2024-01-01 10:00', '', '+024-01-01', '-024-01-01');
    const differing = cells.filter((cell) => !Object.is(parseDatetime(cell), parseDatetimeSlow(cell)));
    expect(differing).toEqual([]);
    expect(parseDatetime('2024-02-30')).toBe(Date.UTC(2024, 2, 1));
    expect(parseDatetime('0099-01-01')).toBe(Date.parse('0099-01-01T00:00:00Z'));
  });
});

describe('daysIn', () => {
  it('is the last day of each month as Date counts it (leap years by the Gregorian rule)', () => {
    const wrong: string[] = [];
    for (let year = 100; year <= 2500; year++)
      for (let month = 1; month <= 12; month++) if (daysIn(year, month) !== new Date(Date.UTC(year, month, 0)).getUTCDate()) wrong.push(`${year}-${month}`);
    expect(wrong).toEqual([]);
  });
});

describe('countTokens', () => {
  const run = (count: typeof countTokens, text: string) => {
    const vocabulary = new Map<string, number>();
    return { words: count(text, vocabulary), vocabulary: [...vocabulary] };
  };
  it('finds the regex tokens with their counts, ASCII or not', () => {
    const texts = ['', ' ', 'w1 w2  w1', 'a_b-c.d', "don't stop", '  lead and trail  ', 'x'.repeat(50), '12 3.5 1e3', 'tab\tnew\nline', '@#$%', 'café crème', 'naïve 2 naïve', 'ﬁle', '日本語 テキスト', 'ab١٢cd', 'emoji 😀 ok', 'ªº', 'ß straße'];
    const random = mulberry32(3);
    const alphabet = 'ab z09 ,.-_\t!éÅ';
    for (let k = 0; k < 2000; k++) texts.push(Array.from({ length: Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('').toLowerCase());
    const differing = texts.filter((t) => JSON.stringify(run(countTokens, t)) !== JSON.stringify(run(countTokensRegex, t)));
    expect(differing).toEqual([]);
    expect(run(countTokens, 'w1 w2  w1')).toEqual({ words: 3, vocabulary: [['w1', 2], ['w2', 1]] });
  });
  it('adds to an existing vocabulary without counting a non-ASCII text twice', () => {
    const vocabulary = new Map([['a', 1]]);
    expect(countTokens('a b é a', vocabulary)).toBe(4);
    expect([...vocabulary]).toEqual([['a', 3], ['b', 1], ['é', 1]]);
  });
});

describe('trimmed', () => {
  it('is trim() on printable, blank-edged and Unicode-blank-edged cells', () => {
    const cells = ['', ' ', 'a', ' a', 'a ', '\ta\n', 'a b', '\u00a0a', 'a\u00a0', '\ufeffa', 'a\u2003', '\u3000', 'é', ' é ', 'x\u0085', '~', '\u007f', '\u007fa'];
    expect(cells.filter((c) => trimmed(c) !== c.trim())).toEqual([]);
  });
});
