import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/random';
import { breakTie } from '../../core/spec/counts';
import { breakTieSql, tiedClassesSql } from '../../core/sql/tie-break';

describe('tie-breaking in DuckDB SQL', () => {
  it('picks the class JavaScript picks, for every tie size up to 32 classes, with and without a seed', async () => {
    const random = mulberry32(7);
    const cases: { key: string; mask: number; k: number }[] = [];
    for (let i = 0; i < 400; i++) {
      const k = 2 + Math.floor(random() * 31);
      let mask = 0;
      while (mask === 0 || (mask & (mask - 1)) === 0) mask = Math.floor(random() * 2 ** k) >>> 0;
      const key = i % 5 === 0 ? `Ünïcødé ${i} 日本` : i % 7 === 0 ? '' : `t${Math.floor(random() * 1e9)}`;
      cases.push({ key, mask, k });
    }
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const seed of [0, 42]) {
        const values = cases.map(({ key, mask }) => `('${key.replace(/'/g, "''")}', ${mask})`).join(', ');
        // k = 32 lists every class a mask can name; the cases' own k only bounds how the masks were drawn.
        const sql = `SELECT ${breakTieSql('key', tiedClassesSql('mask', 32), seed)} FROM (VALUES ${values}) v(key, mask)`;
        const got = (await connection.runAndReadAll(sql)).getRows().map((row) => Number(row[0]));
        expect(got).toEqual(cases.map(({ key, mask }) => breakTie(key, mask, seed)));
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
