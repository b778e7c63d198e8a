import { decideLabels } from '../../src/core/labelmodel/decide';
import { accuracy } from '../../src/core/metrics/classification';
import { syntheticVotes } from '../../src/core/labelmodel/synthetic';
import type { MethodName } from '../../src/core/labelmodel/types';
import { weakWorker } from '../../workers/clients';

/**
 * One method, one fresh browser (the harness launches one per page): generate the seeded matrix here,
 * move it to the app's weak-supervision worker, fit, predict, and report the worker's timings and the renderer's
 * peak memory during the two calls.
 */
async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const method = query.get('method') as MethodName;
  const number = (name: string) => Number(query.get(name));
  // Load the worker and its code on a small matrix so the measured call is the label model alone.
  const warmUp = syntheticVotes({ n: 1000, m: number('m'), k: number('k'), seed: 1 }).matrix;
  await weakWorker.call('fitMatrix', { matrix: warmUp, method }, { transfer: [warmUp.votes.buffer] });

  const { matrix, gold } = syntheticVotes({ n: number('n'), m: number('m'), k: number('k'), seed: number('seed') });
  await window.benchMemory('reset');
  const fit = await weakWorker.call('fitMatrix', { matrix, method }, { transfer: [matrix.votes.buffer] });
  const prediction = await weakWorker.call('predictMatrix', { params: fit.params, matrix: fit.matrix }, { transfer: [fit.matrix.votes.buffer] });
  const peakBytes = await window.benchMemory('peak');
  await window.benchDone({
    fitMs: fit.fitMs,
    predictMs: prediction.predictMs,
    peakBytes,
    iterations: fit.params.iterations,
    accuracy: accuracy(gold, decideLabels(prediction.probs, number('k'))),
    crossOriginIsolated: self.crossOriginIsolated,
    userAgent: navigator.userAgent,
  });
}

main().catch((error) => window.benchFail(String(error?.stack ?? error)));
