import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { audit } from './datasets';
import { readAudit } from './activity';
import { useDatabase } from './db';

describe('readAudit', () => {
  it('returns one dataset’s entries, newest first, at most `limit`', async () => {
    useDatabase('activity-test');
    await audit('ds-a', 'import', { rows: 3 });
    await audit('ds-b', 'import', { rows: 9 });
    await audit('ds-a', 'splits', { canary: 1 });
    await audit('ds-a', 'bulk-label', { items: 2, label: 0 });
    const entries = await readAudit('ds-a', 2);
    expect(entries.map((e) => e.action)).toEqual(['bulk-label', 'splits']);
    expect((await readAudit('ds-a')).map((e) => e.action)).toEqual(['bulk-label', 'splits', 'import']);
    expect(await readAudit('ds-none')).toEqual([]);
  });
});
