import { useEffect, useState } from 'preact/hooks';
import { voteState } from '../../../core/weak/source-state';
import { readItemProbs, readItemVotes } from '../../state/items';
import type { DatasetSession } from '../../state/session';
import { LabelChip } from '../dataset/LabelChip';

/** For the current item: the dataset's labels' probabilities (label model or student) and every source's vote (stale ones marked). */
export function ItemVotes({ session, index }: { session: DatasetSession; index: number }) {
  const dataset = session.dataset.value;
  const sources = session.sources.value;
  const prediction = session.prediction.value;
  const [votes, setVotes] = useState<Int8Array | null>(null);
  const [probs, setProbs] = useState<Float32Array | null>(null);

  useEffect(() => {
    let cancelled = false;
    readItemVotes(dataset, sources, index).then((v) => !cancelled && setVotes(v));
    return () => {
      cancelled = true;
    };
  }, [index, sources]);

  useEffect(() => {
    let cancelled = false;
    setProbs(null);
    if (!prediction) return;
    readItemProbs(dataset, prediction.runId, index).then((p) => !cancelled && setProbs(p));
    return () => {
      cancelled = true;
    };
  }, [index, prediction?.runId]);

  if (sources.length === 0 && !prediction) return null;
  return (
    <section class="item-votes" data-testid="item-votes">
      {prediction && (
        <>
          <h2 class="panel-heading">{prediction.from?.kind === 'student' ? `Student: ${prediction.from.name}` : 'Label model'}</h2>
          <div class="predicted" data-testid="item-prediction">
            <LabelChip classes={dataset.classes} label={prediction.label[index]} /> confidence {(prediction.confidence[index] * 100).toFixed(1)} %
            {probs && (
              <span class="hint">
                {' '}
                ({dataset.classes.map((c, j) => `${c.name} ${(probs[j] * 100).toFixed(1)} %`).join(', ')})
              </span>
            )}
          </div>
        </>
      )}
      {sources.length > 0 && (
        <>
          <h2 class="panel-heading">Votes</h2>
          <table class="votes-table" data-testid="item-votes-table">
            <tbody>
              {sources.map((source, j) => {
                const vote = votes ? votes[j] : -1;
                const state = voteState(source);
                return (
                  <tr key={source.id} data-testid="item-vote" data-name={source.name} data-vote={votes ? String(vote) : ''}>
                    <td>{source.name}</td>
                    <td>{!votes ? '…' : vote >= 0 ? <LabelChip classes={dataset.classes} label={vote} /> : <span class="hint">abstains</span>}</td>
                    <td class="hint">{state === 'stale' ? 'stale' : state === 'missing' ? 'not applied' : ''}{source.enabled ? '' : ' (not used)'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
