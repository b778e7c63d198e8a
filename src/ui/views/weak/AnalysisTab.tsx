import { useEffect, useState } from 'preact/hooks';
import { unvotedClassesWarning, type LfAnalysis, type LfItemFilter, type LfStats } from '../../../core/lf/index';
import { voteState } from '../../../core/weak/source-state';
import type { Source } from '../../../data/db';
import type { DatasetSession } from '../../state/session';
import { analyzeSources, browseSourceItems } from '../../state/weak';
import { Bar } from './Bars';
import { textOn } from '../../classes';

type SortKey = 'name' | 'coverage' | 'overlap' | 'conflict' | 'accuracy' | 'votes';
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function sortValue(stats: LfStats, source: Source, key: SortKey): number | string {
  switch (key) {
    case 'name':
      return source.name.toLowerCase();
    case 'accuracy':
      return stats.dev.accuracy ?? -1;
    default:
      return stats[key];
  }
}

/**
 * LF analysis (Snorkel's LFAnalysis): coverage, overlaps, conflicts, polarity and accuracy on dev labels,
 * computed in the weak worker over train + dev. Canary items are never part of any number here.
 */
export function AnalysisTab({ session }: { session: DatasetSession }) {
  const classes = session.dataset.value.classes;
  const all = session.sources.value;
  const used = all.filter((s) => voteState(s) === 'fresh');
  const left = all.filter((s) => voteState(s) !== 'fresh');
  const [analysis, setAnalysis] = useState<{ result: LfAnalysis; sources: Source[] } | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'coverage', descending: true });
  session.labelsVersion.value;
  session.splitsVersion.value;
  const key = used.map((s) => `${s.id}@${s.version}`).join(',');

  useEffect(() => {
    if (used.length === 0) {
      setAnalysis(null);
      return;
    }
    analyzeSources(session, used).then((result) => result && setAnalysis({ result, sources: used }));
  }, [key, session.labelsVersion.value, session.splitsVersion.value]);

  if (all.length === 0) return <p class="hint">No sources yet: create LFs in the Sources tab or import a WRENCH folder.</p>;
  if (used.length === 0) return <p class="hint">No source has up-to-date votes yet: apply your LFs in the Sources tab.</p>;
  if (!analysis) return <p class="hint">Analysing…</p>;

  const { result, sources } = analysis;
  const unvoted = unvotedClassesWarning(result, classes.map((c) => c.name));
  const rows = result.lfs.map((stats, j) => ({ stats, source: sources[j], j }));
  rows.sort((a, b) => {
    const x = sortValue(a.stats, a.source, sort.key);
    const y = sortValue(b.stats, b.source, sort.key);
    const order = x < y ? -1 : x > y ? 1 : a.j - b.j;
    return sort.descending ? -order : order;
  });
  const header = (title: string, column: SortKey) => (
    <th aria-sort={sort.key === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="link sort" onClick={() => setSort({ key: column, descending: sort.key === column ? !sort.descending : column !== 'name' })} data-testid={`sort-${column}`}>
        {title} {sort.key === column ? (sort.descending ? '▼' : '▲') : ''}
      </button>
    </th>
  );
  const browse = (j: number, filter: LfItemFilter) => browseSourceItems(session, sources, j, filter);

  return (
    <section class="analysis" aria-label="LF analysis">
      <p data-testid="analysis-summary">
        {result.items.toLocaleString('en-US')} items analysed (train + dev; canary left out) · {result.devLabelled.toLocaleString('en-US')} labelled dev items ·
        covered by at least one source {pct(result.coverage)} · overlaps {pct(result.overlap)} · conflicts {pct(result.conflict)}
      </p>
      <p data-testid="analysis-class-coverage">
        Per class (items with a vote for it · LFs voting it):{' '}
        {classes.map((c, i) => `${c.name} ${pct(result.classCoverage[i])} · ${result.classSources[i]} LF${result.classSources[i] === 1 ? '' : 's'}`).join('; ')}
      </p>
      {unvoted && <p role="alert" class="warning" data-testid="analysis-unvoted">{unvoted}</p>}
      {left.length > 0 && <p class="hint">Not included (apply them first): {left.map((s) => s.name).join(', ')}.</p>}
      <table class="analysis-table" data-testid="analysis-table">
        <thead>
          <tr>
            {header('Source', 'name')}
            <th>Polarity</th>
            {header('Votes', 'votes')}
            {header('Coverage', 'coverage')}
            {header('Overlaps', 'overlap')}
            {header('Conflicts', 'conflict')}
            {header('Dev accuracy', 'accuracy')}
            <th>Browse</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ stats, source, j }) => (
            <tr key={source.id} data-testid="analysis-row" data-name={source.name} data-votes={stats.votes} data-conflicts={stats.conflicts} data-dev-errors={stats.dev.votes - stats.dev.correct}>
              <td>{source.name}</td>
              <td>
                {stats.polarity.map((c) => (
                  <span key={c} class="chip small" style={{ background: classes[c]?.color, color: textOn(classes[c]?.color ?? '#666') }}>{classes[c]?.name}</span>
                ))}
              </td>
              <td class="num">{stats.votes.toLocaleString('en-US')}</td>
              <td class="num" data-testid="cell-coverage"><Bar value={stats.coverage} /> {pct(stats.coverage)}</td>
              <td class="num"><Bar value={stats.overlap} color="#6a8caf" /> {pct(stats.overlap)}</td>
              <td class="num"><Bar value={stats.conflict} color="#c77c2e" /> {pct(stats.conflict)}</td>
              <td class="num" data-testid="cell-accuracy" title={stats.dev.low !== null ? `95 % interval ${pct(stats.dev.low)}–${pct(stats.dev.high!)}` : undefined}>
                {stats.dev.accuracy === null ? (
                  <span class="hint">no dev votes</span>
                ) : (
                  <>
                    <Bar value={stats.dev.accuracy} color="#2e7d32" /> {pct(stats.dev.accuracy)} <span class="hint">({stats.dev.correct}/{stats.dev.votes})</span>
                  </>
                )}
              </td>
              <td class="row-actions">
                <button type="button" class="link" onClick={() => browse(j, 'votes')} data-testid="browse-votes">votes</button>
                <button type="button" class="link" onClick={() => browse(j, 'conflicts')} data-testid="browse-conflicts">conflicts</button>
                <button type="button" class="link" onClick={() => browse(j, 'dev-disagreements')} data-testid="browse-dev-errors">dev errors</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">Dev accuracy counts only labelled dev items the source voted on; hover it for the 95 % interval. Click a column to sort.</p>
    </section>
  );
}
