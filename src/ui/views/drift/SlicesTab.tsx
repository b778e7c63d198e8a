import { useEffect, useState } from 'preact/hooks';
import { splitCounts } from '../../../core/split';
import { COLUMN_OPTIONS_SHOWN, columnChoices } from '../../components/ColumnSelect';
import type { SliceBy } from '../../../../workers/drift/slices';
import { runSlices, showDriftOf, sliceResult } from '../../state/drift';
import type { DatasetSession } from '../../state/session';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–');
const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');

function parseBy(value: string): SliceBy {
  if (value.startsWith('field:')) return { kind: 'field', field: value.slice(6) };
  if (value.startsWith('bins:')) return { kind: 'bins', field: value.slice(5) };
  return { kind: 'lfs' };
}

/**
 * Canary metrics per slice: items sharing a field value, a quantile bin of a numeric or date field, or the
 * items an LF votes on. The worst slice is highlighted; each has its size and 95 % intervals.
 */
export function SlicesTab({ session }: { session: DatasetSession }) {
  const fields = session.dataset.value.fields;
  const [by, setBy] = useState('lfs');
  const [query, setQuery] = useState('');
  // A wide table (20,000 columns) lists the first 50 fields matching a search, never 40,000 options.
  const wide = fields.length > COLUMN_OPTIONS_SHOWN;
  const chosen = by.startsWith('field:') ? by.slice(6) : by.startsWith('bins:') ? by.slice(5) : '';
  const { shown, matching } = wide ? columnChoices(fields, query, chosen) : { shown: fields, matching: fields.length };
  const [output, setOutput] = useState<string | null>(null);
  useEffect(() => showDriftOf(session.id), [session.id]);
  const result = sliceResult.value;
  if (splitCounts(session.splits).canary === 0) return <p class="hint" data-testid="no-canary">This dataset has no canary set yet: draw one with Splits… first.</p>;
  return (
    <section class="slices" aria-label="Canary slices">
      <h2>Canary slices</h2>
      <p class="hint">
        Where does an output fail? Labelled canary items grouped by a field's value, by quartile of a numeric or date field, or by the items each labeling
        function votes on. Accuracy has a Wilson 95 % interval; macro-F1 a percentile-bootstrap 95 % interval (1,000 resamples). The worst slice has the
        lowest accuracy; "below overall" means its whole interval lies under the overall accuracy. Slices under 5 items are left out.
      </p>
      <div class="actions left">
        {wide && (
          <label>
            Find a field{' '}
            <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="slice-field-search" />{' '}
            <span class="hint" data-testid="slice-field-count">{`${Math.min(matching, COLUMN_OPTIONS_SHOWN)} of ${matching.toLocaleString('en-US')} ${query.trim() ? 'matching ' : ''}fields listed`}</span>
          </label>
        )}
        <label>
          Slice by{' '}
          <select value={by} onChange={(e) => setBy(e.currentTarget.value)} data-testid="slice-by">
            <option value="lfs">Labeling functions (items each votes on)</option>
            {shown.map((f) => <option key={`field:${f}`} value={`field:${f}`}>Value of {f}</option>)}
            {shown.map((f) => <option key={`bins:${f}`} value={`bins:${f}`}>Quartiles of {f}</option>)}
          </select>
        </label>
        {result && (
          <label>
            Output{' '}
            <select value={output ?? result.output.id} onChange={(e) => setOutput(e.currentTarget.value)} data-testid="slice-output">
              {result.outputs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
          </label>
        )}
        <button type="button" class="primary" onClick={() => runSlices(session, output, parseBy(by))} data-testid="slices-run">Compute slices</button>
      </div>
      {result && (
        <div data-testid="slices-report">
          <p data-testid="slices-overall">
            {result.output.name} on {result.report.overall.size.toLocaleString('en-US')} labelled canary items: accuracy {pct(result.report.overall.accuracy)} (
            {pct(result.report.overall.accuracyCI.low)} – {pct(result.report.overall.accuracyCI.high)}), macro-F1 {f1(result.report.overall.macroF1)}.
          </p>
          {result.report.rows.length === 0 ? (
            <p class="hint" data-testid="no-slices">No slice has {result.minSize} or more labelled canary items.</p>
          ) : (
            <table class="metrics slices-table" data-testid="slices-table">
              <caption>Slices, worst first</caption>
              <thead>
                <tr><th scope="col">Slice</th><th scope="col">Items</th><th scope="col">Accuracy</th><th scope="col">95 % interval (Wilson)</th><th scope="col">Macro-F1</th><th scope="col">95 % interval (bootstrap)</th><th scope="col">Flag</th></tr>
              </thead>
              <tbody>
                {result.report.rows.map((r) => (
                  <tr key={r.name} data-testid="slice-row" data-worst={r.worst ? 'true' : 'false'} class={r.worst ? 'worst' : r.significantlyWorse ? 'below' : ''}>
                    <th scope="row">{r.name}</th>
                    <td>{r.size.toLocaleString('en-US')}</td>
                    <td>{pct(r.accuracy)}</td>
                    <td>{pct(r.accuracyCI.low)} – {pct(r.accuracyCI.high)}</td>
                    <td>{f1(r.macroF1)}</td>
                    <td>{f1(r.macroF1CI.low)} – {f1(r.macroF1CI.high)}</td>
                    <td data-testid="slice-flag">{[r.worst ? 'worst' : '', r.significantlyWorse ? 'below overall' : ''].filter(Boolean).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {(result.report.leftOut.count > 0 || result.droppedValues > 0) && (
            <p class="hint" data-testid="slices-left-out">
              {result.report.leftOut.count > 0 && `${result.report.leftOut.count.toLocaleString('en-US')} slices with fewer than ${result.minSize} items are left out (${result.report.leftOut.names.join(', ')}${result.report.leftOut.count > result.report.leftOut.names.length ? ', …' : ''}). `}
              {result.droppedValues > 0 && `${result.droppedValues.toLocaleString('en-US')} rarer values are not shown.`}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
