/**
 * decideLabels' tie rule in DuckDB SQL, so no row calls back into JavaScript: the tied classes of a
 * pattern in ascending order, and the one at SHA-1(key) mod (their count), the digest read as one
 * big-endian integer as sha1Mod does. The 160-bit digest is reduced 32 bits at a time (Horner), which
 * stays within BIGINT because the running rest is below the divisor (≤ 32).
 */
export function sha1ModSql(text: string, divisor: string): string {
  let rest = '0';
  for (let chunk = 0; chunk < 5; chunk++) {
    const word = `CAST('0x' || substr(sha1(${text}), ${chunk * 8 + 1}, 8) AS BIGINT)`;
    rest = `((${rest}) * 4294967296 + ${word}) % (${divisor})`;
  }
  return rest;
}

/** The classes whose bit is set in `mask`, ascending, as a DuckDB list. */
export function tiedClassesSql(mask: string, k: number): string {
  return `list_filter(range(${k}), c -> ((${mask}) >> c) & 1 = 1)`;
}

/** The label of a tied row: `tied` is tiedClassesSql of its pattern, `key` the item's key as text. */
export function breakTieSql(key: string, tied: string, seed: number): string {
  const text = seed === 0 ? key : `'${seed}:' || ${key}`;
  return `CAST(${tied}[${sha1ModSql(text, `len(${tied})`)} + 1] AS SMALLINT)`;
}
