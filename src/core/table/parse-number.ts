// The number in a numeric cell, on every cell of every numeric column when a table is profiled. Most
// cells are short plain decimals ("12", "-3.25"); for those the value is computed from the digits,
// which is exact (below), and every other cell takes the general rule.
import { parsesAsNumber } from '../drift/columns';

/** 10^0 … 10^22: every one is exactly representable as a double. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The general rule: the column grammar of drift/columns.ts, read by Number(). NaN when not a number. */
export const parseNumberSlow = (cell: string): number => (parsesAsNumber(cell) ? Number(cell) : NaN);

/**
 * `parseNumberSlow(cell)`, faster on plain decimals: a sign, at most 15 digits and one point, nothing
 * else. Fifteen digits fit a double's 53-bit integer exactly, and an exact integer divided by an exact
 * power of ten is one correctly rounded division, as correctly rounded as Number() itself, so both give
 * the same double (Clinger's fast path). Blanks, exponents, longer digit strings and anything else go
 * to the general rule.
 */
export function parseNumberCell(cell: string): number {
  const length = cell.length;
  let i = 0;
  const first = cell.charCodeAt(0);
  const negative = first === 45;
  if (negative || first === 43) i = 1;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let point = false;
  for (; i < length; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (point) fraction++;
    } else if (c === 46 && !point) point = true;
    else return parseNumberSlow(cell);
  }
  if (digits === 0 || digits > 15) return parseNumberSlow(cell);
  const value = fraction === 0 ? mantissa : mantissa / POW10[fraction];
  return negative ? -value : value;
}
