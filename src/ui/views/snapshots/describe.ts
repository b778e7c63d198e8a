import type { Snapshot } from '../../../data/db';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "What changed" since the snapshot before, in a sentence. */
export function describeChanges(snapshot: Snapshot): string {
  const c = snapshot.changes;
  if (!c.since) return 'First snapshot.';
  const parts: string[] = [];
  if (c.labelEvents) parts.push(`${plural(c.labelEvents, 'label change')} (${plural(c.labeledItems, 'item')})`);
  if (c.sourcesAdded.length) parts.push(`added ${c.sourcesAdded.join(', ')}`);
  if (c.sourcesRemoved.length) parts.push(`removed ${c.sourcesRemoved.join(', ')}`);
  if (c.sourcesChanged.length) parts.push(`changed ${c.sourcesChanged.join(', ')}`);
  if (c.labelModelChanged) parts.push('new label-model output');
  if (c.chunksChanged) parts.push(`${plural(c.chunksChanged, 'chunk')} rewritten in ${plural(c.columnsChanged.length, 'column')}`);
  return parts.length ? parts.join('; ') + '.' : 'Nothing changed.';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const pct = (v: number | undefined | null) => (v !== null && v !== undefined && Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–');
export const when = (at: number) => new Date(at).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
