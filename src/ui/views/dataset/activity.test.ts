import { describe, expect, it } from 'vitest';
import { describeAudit } from './activity';

const classes = [
  { name: 'ham', key: '1', color: '#000' },
  { name: 'spam', key: '2', color: '#111' },
];
const at = 0;

describe('describeAudit', () => {
  it('names classes, counts and sources in plain sentences', () => {
    expect(describeAudit({ at, action: 'bulk-label', detail: { items: 156, label: 1 } }, classes)).toBe('Labeled 156 items as spam.');
    expect(describeAudit({ at, action: 'bulk-label', detail: { items: 2, label: -1 } }, classes)).toBe('Labeled 2 items as unlabeled.');
    expect(describeAudit({ at, action: 'import', detail: { rows: 1 } }, classes)).toBe('Imported 1 row.');
    expect(describeAudit({ at, action: 'splits', detail: { canary: 200, dev: 100 } }, classes)).toBe('Drew the splits: canary 200 items, dev 100 items.');
    expect(describeAudit({ at, action: 'edit-source', detail: { definition: { name: 'spam words' } } }, classes)).toBe('Edited the source "spam words".');
    expect(describeAudit({ at, action: 'delete-source', detail: { name: 'old' } }, classes)).toBe('Deleted the source "old".');
    expect(describeAudit({ at, action: 'votes-from', detail: { votesFrom: 'calibrated' } }, classes)).toBe('A source now votes from its calibrated probabilities.');
  });

  it('describes run starts and ends of any kind, and shows unknown actions by name', () => {
    expect(describeAudit({ at, action: 'start-teacher-run', detail: { model: 'digits' } }, classes)).toBe('Teacher run started (digits).');
    expect(describeAudit({ at, action: 'finish-embedder-run', detail: {} }, classes)).toBe('Embedder run finished.');
    expect(describeAudit({ at, action: 'finish-dedupe-run', detail: {} }, classes)).toBe('dedupe run finished.');
    expect(describeAudit({ at, action: 'snapshot', detail: {} }, classes)).toBe('snapshot.');
  });

  it('survives missing or malformed details', () => {
    expect(describeAudit({ at, action: 'import', detail: {} }, classes)).toBe('Imported some rows.');
    expect(describeAudit({ at, action: 'bulk-label', detail: { items: 'x', label: 9 } }, classes)).toBe('Labeled some items as class 9.');
  });
});
