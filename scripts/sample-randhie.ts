// Rebuilds public/sample/tabular/randhie-2000.csv: a stratified 2,000-row subset of randhie.csv (classes
// of `health` kept in proportion, largest remainders rounded up), rows chosen with a seeded shuffle and
// written in their original order. Usage: npx tsx scripts/sample-randhie.ts ../shared/data/tabular/randhie.csv
import { readFileSync, writeFileSync } from 'node:fs';
import { mulberry32, shuffleInPlace } from '../src/core/random';

const [source = '../shared/data/tabular/randhie.csv'] = process.argv.slice(2);
const TARGET = 2000;
const lines = readFileSync(source, 'utf8').trimEnd().split(/\r?\n/);
const header = lines[0];
const classColumn = header.split(',').indexOf('health');
const byClass = new Map<string, number[]>();
lines.slice(1).forEach((line, i) => {
  const cls = line.split(',')[classColumn];
  if (!byClass.has(cls)) byClass.set(cls, []);
  byClass.get(cls)!.push(i + 1);
});
const total = lines.length - 1;
const quotas = [...byClass].map(([cls, rows]) => ({ cls, rows, exact: (rows.length * TARGET) / total, take: Math.floor((rows.length * TARGET) / total) }));
let left = TARGET - quotas.reduce((s, q) => s + q.take, 0);
for (const q of [...quotas].sort((a, b) => (b.exact % 1) - (a.exact % 1))) if (left-- > 0) q.take++;
const random = mulberry32(1);
const chosen: number[] = [];
for (const q of quotas) chosen.push(...shuffleInPlace(Uint32Array.from(q.rows), random).slice(0, q.take));
chosen.sort((a, b) => a - b);
writeFileSync('public/sample/tabular/randhie-2000.csv', [header, ...chosen.map((i) => lines[i])].join('\n') + '\n');
console.log(Object.fromEntries(quotas.map((q) => [q.cls, q.take])));
