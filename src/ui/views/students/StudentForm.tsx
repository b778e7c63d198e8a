import { useState } from 'preact/hooks';
import type { StudentRequest } from '../../../../workers/student/run-student';
import { METRIC_RULE_TARGETS } from '../../../core/student/thresholds';
import type { ProbabilityOutput } from '../../../data/students';
import { DEFAULT_TABLE_FEATURES } from '../../../core/features/table';

export type StudentSettings = Omit<StudentRequest, 'datasetId' | 'labels' | 'splits'>;

const n = (value: string) => Number(value);

/**
 * The student's settings: what it learns from (human labels, a teacher's soft labels, or rounds of its
 * own pseudo-labels), which model, which features; the rest under "Training settings". Defaults are the
 * ones that worked on the sample data (see the closing note).
 */
export function StudentForm({ kind, classes, outputs, embeddings, selections = [], devLabelled, busy, onTrain }: { kind: 'text' | 'image' | 'table'; classes: string[]; outputs: ProbabilityOutput[]; embeddings: string[]; selections?: string[]; devLabelled: number; busy: boolean; onTrain: (settings: StudentSettings) => void }) {
  const image = kind === 'image';
  const table = kind === 'table';
  const [name, setName] = useState('');
  /** '' trains on the pool's human labels; otherwise a saved curated selection (Curate tab). */
  const [selection, setSelection] = useState('');
  const [mode, setMode] = useState<StudentSettings['mode']>('seeds');
  const [arch, setArch] = useState<StudentSettings['arch']>(image ? 'cnn' : 'linear');
  /** 'hashed:<dim>', 'pixels', 'table', or 'vectors:<embedder id>'. */
  const [featureChoice, setFeatureChoice] = useState(image ? 'pixels' : table ? 'table' : 'hashed:16384');
  const [teacherKey, setTeacherKey] = useState('');
  const [useCalibrated, setUseCalibrated] = useState(true);
  const [temperature, setTemperature] = useState(image ? 2 : 1);
  const [alpha, setAlpha] = useState(image ? 0.7 : 1);
  const [weighting, setWeighting] = useState<StudentSettings['weighting']>(image ? 'confidence' : 'none');
  const [rounds, setRounds] = useState(3);
  const [thresholdMode, setThresholdMode] = useState<'metric' | 'precision' | 'manual'>('metric');
  const [precision, setPrecision] = useState(0.95);
  const [manual, setManual] = useState(0.9);
  const [devSeeds, setDevSeeds] = useState(true);
  // On by default with a small budget: four trials, each stopped early, keep a default run reasonable.
  const [search, setSearch] = useState(true);
  const [budget, setBudget] = useState(4);
  // The search scores trials on dev: without a labelled dev item it cannot run.
  const searching = search && mode !== 'pseudo' && devLabelled > 0;
  const [epochs, setEpochs] = useState(30);
  const [learningRate, setLearningRate] = useState(0.003);
  const [batchSize, setBatchSize] = useState(32);
  const [patience, setPatience] = useState(image ? 8 : 5);
  const [seed, setSeed] = useState(0);
  const [backend, setBackend] = useState<StudentSettings['backend']>('auto');

  const teacher = outputs.find((o) => o.key === teacherKey) ?? outputs[0];
  const needsTeacher = mode === 'distill';
  // Pseudo-labels from the student itself are hard labels; soft targets (T, α, weights) need a teacher.
  const softTargets = needsTeacher || (mode === 'pseudo' && teacherKey !== '');
  const submit = () => {
    const label = name.trim() || `${arch.toUpperCase()} student (${mode === 'seeds' ? 'human labels' : mode === 'distill' ? 'distilled' : 'pseudo-labels'})`;
    onTrain({
      name: label,
      mode,
      arch,
      features: featureChoice.startsWith('vectors:')
        ? { kind: 'vectors', embedderId: featureChoice.slice(8) }
        : featureChoice === 'table'
          ? { kind: 'table', ...DEFAULT_TABLE_FEATURES }
          : image
            ? { kind: 'image', size: 28, channels: 1 }
            : { kind: 'hashed-ngrams', dim: Number(featureChoice.slice(7)) },
      devSeeds,
      teacher: (mode === 'distill' || (mode === 'pseudo' && teacherKey !== '')) && teacher ? { key: teacher.key, calibrated: useCalibrated && teacher.calibration !== null } : null,
      temperature,
      alpha: mode === 'pseudo' && !teacherKey ? 0 : alpha,
      weighting,
      rounds,
      thresholds: thresholdMode === 'metric' ? { mode: 'metric', targets: METRIC_RULE_TARGETS } : thresholdMode === 'precision' ? { mode: 'precision', target: precision } : { mode: 'manual', values: classes.map(() => manual) },
      calibration: 'temperature',
      train: { hidden: 64, epochs, batchSize, learningRate, l2: 1e-5, seed, patience, shift: image ? 2 : 0 },
      backend,
      search: searching ? { budget } : null,
      ...(selection ? { selection } : {}),
    });
  };

  return (
    <form class="student-form" onSubmit={(e) => { e.preventDefault(); submit(); }} aria-label="Train a student">
      <fieldset class="choices">
        <legend>Learn from</legend>
        <label><input type="radio" name="mode" checked={mode === 'seeds'} onChange={() => setMode('seeds')} data-testid="mode-seeds" /> Human labels only</label>
        <label><input type="radio" name="mode" checked={mode === 'distill'} onChange={() => setMode('distill')} disabled={outputs.length === 0} data-testid="mode-distill" /> Distill a teacher</label>
        <label><input type="radio" name="mode" checked={mode === 'pseudo'} onChange={() => setMode('pseudo')} data-testid="mode-pseudo" /> Pseudo-label rounds</label>
      </fieldset>
      <div class="form-grid">
        {selections.length > 0 && (
          <label>
            Pool items
            <select value={selection} onChange={(e) => setSelection(e.currentTarget.value)} data-testid="student-selection">
              <option value="">human labels</option>
              {selections.map((s) => <option key={s} value={s}>selection “{s}” (its labels and weights)</option>)}
            </select>
          </label>
        )}
        <label>Name <input value={name} placeholder="Student" onInput={(e) => setName(e.currentTarget.value)} data-testid="student-name" /></label>
        <label>
          Model{' '}
          <select value={arch} onChange={(e) => setArch(e.currentTarget.value as StudentSettings['arch'])} data-testid="student-arch">
            <option value="linear">Linear (softmax regression)</option>
            <option value="mlp">Small MLP (64 hidden)</option>
            {image && featureChoice === 'pixels' && <option value="cnn">Small CNN</option>}
          </select>
        </label>
        <label>
          Features{' '}
          <select
            value={featureChoice}
            onChange={(e) => {
              setFeatureChoice(e.currentTarget.value);
              if (e.currentTarget.value !== 'pixels' && arch === 'cnn') setArch('mlp');
            }}
            data-testid="student-features"
          >
            {table && <option value="table">Table columns (standardised numbers, one-hot categories, hashed text)</option>}
            {image ? <option value="pixels">28×28 gray pixels</option> : !table && <option value="hashed:16384">Hashed n-grams, 16,384 dims</option>}
            {!image && !table && <option value="hashed:4096">Hashed n-grams, 4,096 dims</option>}
            {embeddings.map((id) => (
              <option key={id} value={`vectors:${id}`}>Vectors of {id}</option>
            ))}
          </select>
        </label>
        <label class="check" title="Dev labels train the student too; a quarter of each class stays out to check it">
          <input type="checkbox" checked={devSeeds} onChange={(e) => setDevSeeds(e.currentTarget.checked)} data-testid="dev-seeds" /> Use dev labels as seeds (hold out 25 %)
        </label>
        {mode !== 'pseudo' && (
          <label class="check" title="Learning rate × weight decay, each trial stopped early and scored on dev by the dataset's metric, with a class-weighted loss">
            <input type="checkbox" checked={searching} disabled={devLabelled === 0} onChange={(e) => setSearch(e.currentTarget.checked)} data-testid="student-search" /> Choose the settings on dev (search, class-weighted loss)
            {devLabelled === 0 && <span class="hint"> (needs labelled dev items)</span>}
          </label>
        )}
        {searching && (
          <label>Trials (at most) <input type="number" min={1} max={6} value={budget} onInput={(e) => setBudget(n(e.currentTarget.value))} data-testid="student-search-budget" /></label>
        )}
      </div>
      {(needsTeacher || mode === 'pseudo') && (
        <div class="form-grid" data-testid="teacher-settings">
          <label>
            {needsTeacher ? 'Teacher' : 'First round from'}{' '}
            <select value={teacherKey} onChange={(e) => setTeacherKey(e.currentTarget.value)} data-testid="student-teacher">
              {!needsTeacher && <option value="">the seed student itself</option>}
              {outputs.map((o) => (
                <option key={o.key} value={o.key}>{o.name}{o.calibration ? ' (calibrated)' : ''}</option>
              ))}
            </select>
          </label>
          {softTargets && <label class="check"><input type="checkbox" checked={useCalibrated} onChange={(e) => setUseCalibrated(e.currentTarget.checked)} /> Use calibrated probabilities when there are</label>}
          {softTargets && <label>Temperature T <input type="number" step="0.1" value={temperature} onInput={(e) => setTemperature(n(e.currentTarget.value))} data-testid="student-temperature" /></label>}
          {softTargets && <label>α (soft-target share) <input type="number" step="0.1" min={0} max={1} value={alpha} onInput={(e) => setAlpha(n(e.currentTarget.value))} data-testid="student-alpha" /></label>}
          {softTargets && (
            <label>
              Weigh items by{' '}
              <select value={weighting} onChange={(e) => setWeighting(e.currentTarget.value as StudentSettings['weighting'])}>
                <option value="none">nothing (all equal)</option>
                <option value="confidence">teacher confidence</option>
                <option value="margin">margin (top − second)</option>
              </select>
            </label>
          )}
        </div>
      )}
      {mode === 'pseudo' && (
        <div class="form-grid" data-testid="pseudo-settings">
          <label>Rounds (at most) <input type="number" min={1} max={20} value={rounds} onInput={(e) => setRounds(n(e.currentTarget.value))} data-testid="student-rounds" /></label>
          <label>
            Accept a pseudo-label when{' '}
            <select value={thresholdMode} onChange={(e) => setThresholdMode(e.currentTarget.value as 'metric' | 'precision' | 'manual')} data-testid="threshold-mode">
              <option value="metric">its class reaches the target precision ({METRIC_RULE_TARGETS.join(', ')}) whose student scores best on dev</option>
              <option value="precision">its class reaches a target precision on dev</option>
              <option value="manual">its calibrated confidence ≥ a threshold</option>
            </select>
          </label>
          {thresholdMode === 'metric' ? null : thresholdMode === 'precision' ? (
            <label>Target precision <input type="number" step="0.01" min={0.5} max={1} value={precision} onInput={(e) => setPrecision(n(e.currentTarget.value))} data-testid="target-precision" /></label>
          ) : (
            <label>Threshold (every class) <input type="number" step="0.01" min={0} max={1} value={manual} onInput={(e) => setManual(n(e.currentTarget.value))} data-testid="manual-threshold" /></label>
          )}
        </div>
      )}
      <details>
        <summary>Training settings</summary>
        <div class="form-grid">
          <label>Epochs (at most) <input type="number" min={1} value={epochs} onInput={(e) => setEpochs(n(e.currentTarget.value))} data-testid="student-epochs" /></label>
          <label>Learning rate <input type="number" step="0.001" value={learningRate} onInput={(e) => setLearningRate(n(e.currentTarget.value))} data-testid="student-lr" /></label>
          <label>Batch size <input type="number" min={1} value={batchSize} onInput={(e) => setBatchSize(n(e.currentTarget.value))} /></label>
          <label>Early stopping patience <input type="number" min={1} value={patience} onInput={(e) => setPatience(n(e.currentTarget.value))} data-testid="student-patience" /></label>
          <label>Seed <input type="number" value={seed} onInput={(e) => setSeed(n(e.currentTarget.value))} /></label>
          <label>
            Backend{' '}
            <select value={backend} onChange={(e) => setBackend(e.currentTarget.value as StudentSettings['backend'])} data-testid="student-backend">
              <option value="auto">Auto (measured)</option>
              <option value="webgpu">WebGPU</option>
              <option value="wasm">WASM</option>
              <option value="cpu">CPU (plain JS)</option>
            </select>
          </label>
        </div>
      </details>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || (needsTeacher && !teacher)} data-testid="train-student">Train</button>
      </div>
    </form>
  );
}
