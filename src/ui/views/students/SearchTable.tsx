/** What a student run stored about its settings search and its dev comparison with the label model. */
export interface SearchRecord {
  metric: string;
  trials: { learningRate: number; l2: number; bestEpoch: number; epochs: number; devMetric: number }[];
  best: number;
  classWeights: number[];
}

export interface VersusRecord {
  beats: boolean;
  verdict: string;
}

/** The trials of a student's settings search, the kept one marked; all scored on dev by the dataset's metric. */
export function SearchTable({ search, classes }: { search: SearchRecord; classes: readonly string[] }) {
  return (
    <>
      <table class="metrics" data-testid="search-table">
        <caption>
          Settings chosen on dev by {search.metric} (decision tuned on dev); class weights {search.classWeights.map((w, c) => `${classes[c] ?? c} ${w.toFixed(2)}`).join(', ')}
        </caption>
        <thead>
          <tr><th>Learning rate</th><th>Weight decay</th><th>Epochs (kept / run)</th><th>Dev {search.metric}</th><th /></tr>
        </thead>
        <tbody>
          {search.trials.map((t, i) => (
            <tr key={i} class={i === search.best ? 'current' : ''} data-testid="search-trial">
              <td>{t.learningRate}</td>
              <td>{t.l2}</td>
              <td>{t.bestEpoch} / {t.epochs}</td>
              <td>{Number.isFinite(t.devMetric) ? t.devMetric.toFixed(3) : '–'}</td>
              <td>{i === search.best ? 'kept' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function Verdict({ versus }: { versus: VersusRecord }) {
  return <p class={versus.beats ? 'hint' : 'warning'} data-testid="student-verdict">{versus.verdict}</p>;
}
