import { lfVersion } from '../lf/version';
import type { SourceFields } from '../records';

/**
 * Whether a source's stored votes are what its current definition would give. LF votes are versioned
 * by `lfVersion` (a content hash of what decides the votes); imported votes never change, so their
 * version is fixed when they are imported.
 */
/** `version`: what made the stored votes; null when there are none (never applied, or an apply stopped part-way). */
export type SourceLike = SourceFields<'kind' | 'definition' | 'version'>;

export type VoteState = 'fresh' | 'stale' | 'missing';

/** The version the source's definition has now (what a fresh apply would record). */
export function definitionVersion(source: SourceLike): string | null {
  if (source.kind === 'lf' || source.kind === 'js-lf') return lfVersion(source.definition);
  return source.version;
}

export function voteState(source: SourceLike): VoteState {
  if (source.version === null) return 'missing';
  return definitionVersion(source) === source.version ? 'fresh' : 'stale';
}

/**
 * LF names from a WRENCH `readme.txt`, when it lists exactly `m` of them after a "labeling functions
 * list" line (as the youtube set does): names make the analysis table readable. Null otherwise.
 */
export function wrenchLfNames(readme: string, m: number): string[] | null {
  const lines = readme.split(/\r?\n/);
  const start = lines.findIndex((line) => /labell?ing functions? list/i.test(line));
  if (start < 0) return null;
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim().replace(/,$/, '').trim();
    if (trimmed === '') {
      if (names.length > 0) break;
      continue;
    }
    if (!/^[\w.-]{1,80}$/.test(trimmed)) break;
    names.push(trimmed);
  }
  return names.length === m ? names : null;
}
