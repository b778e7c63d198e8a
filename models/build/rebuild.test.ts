/** `npm run models:build` reproduces the committed built-in models byte for byte. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildAll } from './all';
import { REPO } from './data';

const listFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name)) : [join(dir, name)]));

const out = mkdtempSync(join(tmpdir(), 'sift-models-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('rebuilds every committed built-in file byte for byte', async () => {
  await buildAll(out);
  const committed = join(REPO, 'models/builtin');
  const names = listFiles(committed).map((f) => relative(committed, f)).sort();
  expect(listFiles(out).map((f) => relative(out, f)).sort()).toEqual(names);
  for (const name of names) expect(Buffer.compare(readFileSync(join(out, name)), readFileSync(join(committed, name))), name).toBe(0);
}, 300_000);
