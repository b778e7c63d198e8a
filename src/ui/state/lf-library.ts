import { buildLibrary, exampleIdsOf, parseLibrary, planImport, type LibrarySource } from '../../core/lf/library';
import { lfVersion, type LfDef } from '../../core/lf/index';
import type { Source } from '../../data/db';
import { findItemIds } from '../../data/items';
import { addLibrarySources } from '../../data/sources';
import { download } from '../download';
import type { DatasetSession } from './session';
import { say } from './tasks';
import { refreshSources } from './weak';

const isLf = (s: Source): boolean => s.kind === 'lf' || s.kind === 'js-lf';

/** Downloads the dataset's LFs (rule and JS) as an LF library file. */
export function exportLfLibrary(session: DatasetSession): void {
  const dataset = session.dataset.value;
  const lfs: LibrarySource[] = session.sources.value.flatMap((s): LibrarySource[] =>
    s.kind === 'lf' ? [{ kind: 'lf', name: s.name, definition: { ...s.definition, id: s.id, name: s.name } }] : s.kind === 'js-lf' ? [{ kind: 'js-lf', name: s.name, definition: { ...s.definition, id: s.id, name: s.name } }] : [],
  );
  if (lfs.length === 0) {
    say('error', 'This dataset has no LFs to export.');
    return;
  }
  const library = buildLibrary(lfs, dataset.classes.map((c) => c.name), dataset);
  const slug = dataset.name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'dataset';
  download(new Blob([JSON.stringify(library, null, 2) + '\n'], { type: 'application/json' }), `${slug}.lfs.json`);
  say('info', `Exported ${lfs.length} LF${lfs.length === 1 ? '' : 's'} to ${slug}.lfs.json.`);
}

/** Adds the LFs of a library file, all or none, after checking their fields and classes against this dataset. */
export async function importLfLibrary(session: DatasetSession, file: File): Promise<void> {
  try {
    const library = parseLibrary(await file.text());
    const dataset = session.dataset.value;
    const wanted = new Set<string>();
    for (const lf of library.lfs) if (lf.kind === 'rule' && typeof lf.condition === 'object' && lf.condition) exampleIdsOf(lf.condition as LfDef['condition'], wanted);
    const existing = session.sources.value.filter((s) => s.kind === 'lf').map((s) => ({ name: s.name, version: lfVersion(s.definition) }));
    const plan = planImport(library, { classes: dataset.classes.map((c) => c.name), fields: dataset.fields, existing, itemIds: await findItemIds(dataset, wanted) });
    const added = plan.add.length > 0 ? await addLibrarySources(session.id, plan.add, file.name) : [];
    await refreshSources(session);
    const skipped = plan.unchanged.length > 0 ? ` ${plan.unchanged.length} already here unchanged: ${plan.unchanged.join(', ')}.` : '';
    say('info', `Imported ${added.length} LF${added.length === 1 ? '' : 's'} from ${file.name}${added.length ? `: ${added.map((s) => s.name).join(', ')}` : ''}. Apply them to get their votes.${skipped}`);
  } catch (error) {
    say('error', `${file.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
