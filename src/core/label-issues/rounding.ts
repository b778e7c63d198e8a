/** numpy's `round`: halves go to the even neighbour (banker's rounding), unlike Math.round. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest < 0.5) return floor;
  if (rest > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Rounds to integers whose sum is the rounded sum of the inputs (cleanlab's `round_preserving_sum`,
 * itself after `iteround`): round each, then move the entries whose rounding went furthest the wrong
 * way by one until the totals agree. Ties keep index order, as numpy's argsort does on short rows.
 */
export function roundPreservingSum(values: readonly number[]): number[] {
  const ints = values.map(roundHalfEven);
  const target = roundHalfEven(values.reduce((a, b) => a + b, 0));
  let sum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  while (Math.abs(sum - target) > 1e-6) {
    const diff = roundHalfEven(target - sum);
    const increment = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), values.length);
    const order = values.map((_, i) => i).sort((a, b) => values[a] - ints[a] - (values[b] - ints[b]) || a - b);
    if (increment === 1) order.reverse();
    for (const i of order.slice(0, changes)) ints[i] += increment;
    sum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  }
  return ints;
}

export const roundPreservingRowTotals = (matrix: readonly (readonly number[])[]): number[][] => matrix.map((row) => roundPreservingSum(row));
