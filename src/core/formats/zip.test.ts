import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { unsafeEntryName, unzipFile, ZIP_LIMITS } from './zip';

const zipOf = (entries: Record<string, string>, name = 'a.zip') =>
  new File([zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, new TextEncoder().encode(v)])))], name);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SiftError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('unzipFile', () => {
  it('extracts stored and deflated entries by path, leaving out what keep refuses', async () => {
    const text = 'id,text\n' + 'row,abc\n'.repeat(1000);
    const { files, skipped } = await unzipFile(zipOf({ 'd/a.csv': text, 'b.md': '#' }), (p) => p.endsWith('.csv'));
    expect(files.map((f) => f.name)).toEqual(['d/a.csv']);
    expect(await files[0].text()).toBe(text);
    expect(skipped).toEqual(['b.md']);
  });

  it('applies each limit: entry count, total size, ratio', async () => {
    const keep = () => true;
    const three = zipOf({ 'a.csv': 'x', 'b.csv': 'y', 'c.csv': 'z' });
    expect(await codeOf(unzipFile(three, keep, { limits: { ...ZIP_LIMITS, maxEntries: 2 } }))).toBe('zip-too-many-entries');
    expect(await codeOf(unzipFile(three, keep, { limits: { ...ZIP_LIMITS, maxTotalBytes: 2 } }))).toBe('zip-too-large');
    const repetitive = zipOf({ 'a.csv': 'a'.repeat(100_000) });
    expect(await codeOf(unzipFile(repetitive, keep, { limits: { ...ZIP_LIMITS, ratioFloorBytes: 1000, maxRatio: 10 } }))).toBe('zip-bomb');
    expect((await unzipFile(repetitive, keep)).files[0].size).toBe(100_000);
  });

  it('calls names with .. segments, absolute paths and drive letters unsafe', () => {
    for (const bad of ['../a.csv', 'a/../../b.csv', '/etc/passwd', '\\\\server\\x.csv', 'C:/x.csv', 'a\\..\\b.csv']) expect(unsafeEntryName(bad)).toBe(true);
    for (const ok of ['a.csv', 'd/a..b.csv', '...csv', 'x/y/z.png']) expect(unsafeEntryName(ok)).toBe(false);
  });
});
