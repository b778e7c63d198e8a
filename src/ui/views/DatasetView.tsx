import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useFocusOnMount } from '../components/focus';
import { DatasetSession, itemsChanged } from '../state/session';
import { say } from '../state/tasks';
import { Toolbar } from './dataset/Toolbar';
import { ItemList } from './dataset/ItemList';
import { ItemGrid } from './dataset/ItemGrid';
import { ItemPanel } from './dataset/ItemPanel';
import { labelAndAdvance, useLabelingKeys } from './dataset/keys';
import { ClassPicker } from './dataset/ClassPicker';
import { LoopBar } from './dataset/LoopBar';
import { SplitDialog } from './dataset/SplitDialog';
import { ExportDialog } from './dataset/ExportDialog';
import { AddRowsButton } from './dataset/AddRowsButton';
import { BulkLabelDialog } from './dataset/BulkLabelDialog';
import { UndoConflictDialog } from './dataset/UndoConflictDialog';
import { tabsFor } from './dataset/tabs';
import { loadWeakState } from '../state/weak';
import { sweepRuns } from '../state/runs';
import { InterruptedRuns } from './dataset/InterruptedRuns';
import { DriftBanner } from './drift/DriftBanner';
import { warmWhenIdle } from '../state/runtime';

/** How long a dataset where models have run stays open before the model runtime warms up (one only passed through costs nothing). */
const WARM_AFTER_MS = 2_000;

type DialogName = 'splits' | 'export' | 'pick' | { bulk: number } | { undoConflicts: number } | null;

export function DatasetView({ id, tab }: { id: string; tab: string }) {
  const [session, setSession] = useState<DatasetSession | null | 'missing'>(null);
  const [dialog, setDialog] = useState<DialogName>(null);
  const [view, setView] = useState<'grid' | 'list' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(heading, session instanceof DatasetSession);

  useEffect(() => {
    let open: DatasetSession | null = null;
    DatasetSession.open(id)
      .then((s) => {
        open = s;
        setSession(s ?? 'missing');
        if (s) loadWeakState(s).catch((error) => say('error', `Could not load the label sources: ${error instanceof Error ? error.message : error}`));
        if (s) void sweepRuns(s);
      })
      .catch((error) => say('error', `Could not open the dataset: ${error instanceof Error ? error.message : error}`));
    return () => open?.close();
  }, [id, itemsChanged.value]);

  // A teacher's first prediction should not wait for onnxruntime to start (seconds): start it now, in the
  // teacher worker, while the user looks at the dataset.
  useEffect(() => warmWhenIdle(id, WARM_AFTER_MS), [id]);

  const onUndoConflict = useCallback((conflicts: number) => setDialog({ undoConflicts: conflicts }), []);
  const picker = useMemo(() => ({ open: () => setDialog('pick'), close: () => setDialog((d) => (d === 'pick' ? null : d)) }), []);
  useLabelingKeys(session instanceof DatasetSession && dialog === null && tab === 'items' ? session : null, onUndoConflict, picker);

  if (session === 'missing') return <main><p role="alert">This dataset does not exist (or its import did not finish). <a href="#/">Back to datasets</a></p></main>;
  if (!session) return <main><p class="hint">Opening…</p></main>;

  const dataset = session.dataset.value;
  const n = dataset.itemCount;
  const labeled = session.labeledCount.value;
  const shownAs = view ?? (dataset.kind === 'image' ? 'grid' : 'list');
  return (
    <main class="dataset">
      <header class="dataset-head">
        <h1 ref={heading} tabIndex={-1}>{dataset.name}</h1>
        <span class="progress-count" data-testid="labeled-count">
          {labeled.toLocaleString('en-US')} of {n.toLocaleString('en-US')} labeled
        </span>
        <span class="spacer" />
        {dataset.kind === 'image' && (
          <span class="view-switch" role="group" aria-label="Show items as">
            <button type="button" aria-pressed={shownAs === 'grid'} onClick={() => setView('grid')} data-testid="view-grid">Grid</button>
            <button type="button" aria-pressed={shownAs === 'list'} onClick={() => setView('list')} data-testid="view-list">List</button>
          </span>
        )}
        <AddRowsButton session={session} />
        <button type="button" onClick={() => setDialog('splits')}>Splits…</button>
        <button type="button" onClick={() => setDialog('export')}>Export…</button>
      </header>
      <LoopBar session={session} onSplits={() => setDialog('splits')} onExport={() => setDialog('export')} />
      {dataset.notices.length > 0 && (
        <ul class="notices">
          {dataset.notices.map((notice) => <li key={notice}>{notice}</li>)}
        </ul>
      )}
      <InterruptedRuns session={session} />
      <DriftBanner session={session} />
      <nav class="tabs" aria-label="Dataset sections">
        {[{ id: 'items', title: 'Items' }, ...tabsFor(dataset.kind)].map((t) => (
          <a key={t.id} href={`#/d/${encodeURIComponent(id)}${t.id === 'items' ? '' : `/${t.id}`}`} class={t.id === tab ? 'active' : ''} aria-current={t.id === tab ? 'page' : undefined}>
            {t.title}
          </a>
        ))}
      </nav>
      {tab === 'items' ? (
        <>
          <Toolbar session={session} onBulk={(label) => setDialog({ bulk: label })} />
          <div class="dataset-body">
            {shownAs === 'grid' ? <ItemGrid session={session} /> : <ItemList session={session} />}
            <ItemPanel session={session} />
          </div>
        </>
      ) : (
        <ExtraTab session={session} tab={tab} />
      )}
      {dialog === 'splits' && <SplitDialog session={session} onClose={() => setDialog(null)} />}
      {dialog === 'export' && <ExportDialog session={session} onClose={() => setDialog(null)} />}
      {dialog === 'pick' && <ClassPicker classes={dataset.classes} onPick={(k) => labelAndAdvance(session, k)} onClose={() => setDialog(null)} />}
      {dialog !== null && typeof dialog === 'object' && 'bulk' in dialog && <BulkLabelDialog session={session} label={dialog.bulk} onClose={() => setDialog(null)} />}
      {dialog !== null && typeof dialog === 'object' && 'undoConflicts' in dialog && (
        <UndoConflictDialog session={session} conflicts={dialog.undoConflicts} onClose={() => setDialog(null)} />
      )}
    </main>
  );
}

function ExtraTab({ session, tab }: { session: DatasetSession; tab: string }) {
  const found = tabsFor(session.dataset.value.kind).find((t) => t.id === tab);
  if (!found) return <p role="alert">Unknown section "{tab}".</p>;
  const Component = found.component;
  return (
    // A long tab (a wide table's Profile) scrolls inside this box: keyboard users must be able to reach it.
    <div class="tab-body" tabIndex={0} role="region" aria-label={found.title}>
      <Component session={session} />
    </div>
  );
}
