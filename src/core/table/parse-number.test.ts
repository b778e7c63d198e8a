import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { parseNumberCell, parseNumberSlow } from './parse-number';

/** Cells where the two differ, bit for bit (Object.is tells −0 from +0 and NaN equals NaN). */
const differing = (cells: string[]) => cells.filter((cell) => !Object.is(parseNumberCell(cell), parseNumberSlow(cell)));

describe('parseNumberCell', () => {
  it('matches the general rule on edge cells', () => {
    const cells = ['1e3', '1E-3', ' 7 ', '\t7', '7\n', '-0', '+0', '-0.0', '0', '.5', '-.5', '5.', '-5.', '.', '-', '+', '', ' ', 'NaN', 'Infinity', '-Infinity', '0x1f', '0b1', '1_000', '1,5', '1.2.3', '--1', '+-1', '١٢', '１２', '12\u00a0', '\u00a012', '00012.3400', '000000000000000001', '123456789012345', '1234567890123456', '12345678901234.5', '0.000000000000001', '0.1', '0.3', '9007199254740993', '-9007199254740993', '1.7976931348623157', '4.35', '1e400', '12abc', 'abc'];
    expect(differing(cells)).toEqual([]);
    expect(parseNumberCell('-0')).toBe(-0);
    expect(Object.is(parseNumberCell('-0'), -0)).toBe(true);
    expect(parseNumberCell('0x1f')).toBeNaN();
    expect(parseNumberCell('١٢')).toBeNaN();
    expect(parseNumberCell(' 7 ')).toBe(7);
    expect(parseNumberCell('1e3')).toBe(1000);
  });
  it('matches the general rule on random decimals of every length and scale', () => {
    const random = mulberry32(11);
    const cells: string[] = [];
    for (let k = 0; k < 100_000; k++) {
      const digits = 1 + Math.floor(random() * 18);
      let text = '';
      for (let d = 0; d < digits; d++) text += String(Math.floor(random() * 10));
      const at = Math.floor(random() * (digits + 2));
      if (at <= digits) text = text.slice(0, at) + '.' + text.slice(at);
      const sign = random();
      cells.push(sign < 0.3 ? '-' + text : sign < 0.4 ? '+' + text : text);
    }
    expect(differing(cells)).toEqual([]);
  });
  it('matches the general rule on numbers printed by String()', () => {
    const random = mulberry32(12);
    const cells = Array.from({ length: 50_000 }, () => String((random() - 0.5) * 10 ** Math.floor(random() * 30 - 15)));
    for (let k = 0; k < 20_000; k++) cells.push(String(Math.round(random() * 1e6) / 1000));
    expect(differing(cells)).toEqual([]);
  });
});
