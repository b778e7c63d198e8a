import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { expandArchives, IMAGE_NAME } from './archive';
import { previewFile } from './preview';
import { readTable } from './read';

/** What the importer makes of a file: the same steps the app takes (open archives, preview, read all). */
export async function outcomeOf(file: File): Promise<{ rows: number; images: number; columns: string[] } | { code: string; message: string }> {
  try {
    const { files } = await expandArchives([file]);
    let rows = 0;
    let images = 0;
    let columns: string[] = [];
    for (const f of files) {
      if (IMAGE_NAME.test(f.name)) {
        images++;
        continue;
      }
      columns = (await previewFile(f)).columns;
      for await (const batch of readTable(f)) rows += batch.rows.length;
    }
    return { rows, images, columns };
  } catch (error) {
    if (error instanceof SiftError) return { code: error.code, message: error.message };
    throw error;
  }
}

const dir = new URL('../../../e2e/hostile/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Record<string, { rows: number; images: number; columns: string[] } | { code: string; message: string }>;

describe('hostile-input corpus (e2e/hostile)', () => {
  it('has a manifest entry for every file and a file for every entry', () => {
    expect(readdirSync(new URL('files/', dir)).sort()).toEqual(Object.keys(manifest).sort());
  });

  for (const [name, expected] of Object.entries(manifest)) {
    it(`${name}: ${'message' in expected ? expected.message : `${expected.rows} rows, ${expected.images} images`}`, async () => {
      const file = new File([readFileSync(new URL(`files/${name}`, dir))], name);
      expect(await outcomeOf(file)).toEqual(expected);
    });
  }
});
