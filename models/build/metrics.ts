/** Classification metrics for the model cards (argmax of the probabilities against gold labels). */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalResult {
  n: number;
  accuracy: number;
  macro_f1: number;
  per_class: ClassMetrics[];
  /** confusion[gold][predicted] */
  confusion: number[][];
  log_loss: number;
}

export function argmaxRows(probabilities: Float32Array, classes: number): Int32Array {
  const n = probabilities.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

export function evaluate(probabilities: Float32Array, gold: Int32Array, labels: string[]): EvalResult {
  const classes = labels.length;
  const predicted = argmaxRows(probabilities, classes);
  const confusion = labels.map(() => new Array<number>(classes).fill(0));
  let correct = 0;
  let logLoss = 0;
  gold.forEach((g, i) => {
    confusion[g][predicted[i]]++;
    if (g === predicted[i]) correct++;
    logLoss -= Math.log(Math.max(1e-12, probabilities[i * classes + g]));
  });
  const per_class = labels.map((label, c) => {
    const tp = confusion[c][c];
    const predictedC = confusion.reduce((s, row) => s + row[c], 0);
    const support = confusion[c].reduce((s, v) => s + v, 0);
    const precision = predictedC ? tp / predictedC : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  return {
    n: gold.length,
    accuracy: correct / gold.length,
    macro_f1: per_class.reduce((s, m) => s + m.f1, 0) / classes,
    per_class,
    confusion,
    log_loss: logLoss / gold.length,
  };
}
