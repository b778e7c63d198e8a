/**
 * Vectors for comparing table rows by cosine similarity: each numeric field standardised (z-score over
 * all rows; a missing or unparsable cell sits at the mean, 0), so no field outweighs another by its
 * unit, then one constant component √d. Without it cosine would see only a row's direction from the
 * mean, and (1, 1) would equal (2, 2) standard deviations; with it, rows near one another score near
 * 1 (about 1 − ‖u − v‖² / 2(d + ‖u‖²)). Fields that do not vary carry nothing and are left out.
 */
export function standardizedFieldVectors(columns: readonly (readonly string[])[], n: number): { data: Float32Array; dim: number } {
  const kept: { values: Float64Array; mean: number; sd: number }[] = [];
  for (const column of columns) {
    const values = new Float64Array(n).fill(NaN);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const cell = column[i]?.trim() ?? '';
      const x = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(x)) continue;
      values[i] = x;
      sum += x;
      count++;
    }
    if (count === 0) continue;
    const mean = sum / count;
    let squares = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) squares += (values[i] - mean) ** 2;
    const sd = Math.sqrt(squares / count);
    if (sd > 0) kept.push({ values, mean, sd });
  }
  if (kept.length === 0) return { data: new Float32Array(0), dim: 0 };
  const dim = kept.length + 1;
  const data = new Float32Array(n * dim);
  kept.forEach(({ values, mean, sd }, d) => {
    for (let i = 0; i < n; i++) data[i * dim + d] = Number.isNaN(values[i]) ? 0 : (values[i] - mean) / sd;
  });
  const constant = Math.sqrt(kept.length);
  for (let i = 0; i < n; i++) data[i * dim + kept.length] = constant;
  return { data, dim };
}
