import { useEffect, useMemo, useState } from 'preact/hooks';
import { SiftError } from '../../../../core/errors';
import type { DeviceChoice, WebGpuProbe } from '../../../../core/models/device';
import { checkLabelMap, suggestLabelMap } from '../../../../core/models/label-map';
import type { Dataset } from '../../../../data/db';
import type { RegistryModel } from '../../../../data/models';
import { teacherWorker } from '../../../../../workers/clients';
import { modelKey, registry } from '../../../state/models';
import { newModelRunId } from '../../../state/teachers';
import { teacherRuntime, warmTeacherRuntime, type RuntimeState } from '../../../state/runtime';
import { runTask, say, tasks } from '../../../state/tasks';

/** Models whose input this dataset can feed. */
export function modelsFor(dataset: Dataset, models: RegistryModel[]): RegistryModel[] {
  return models.filter((m) => (dataset.kind === 'image' ? m.card.input_kind === 'image' : m.card.input_kind !== 'image'));
}

function describeProbe(probe: WebGpuProbe | null): string {
  if (!probe) return 'Checking WebGPU…';
  if (!probe.available) return `No WebGPU: ${probe.problem ?? 'no adapter'}.`;
  return `WebGPU adapter: ${probe.adapter || 'unnamed'}${probe.isFallbackAdapter ? ' (a software fallback: Auto uses WASM)' : ''}.`;
}

function describeRuntime(runtime: RuntimeState): string {
  switch (runtime.state) {
    case 'idle':
      return 'Model runtime (onnxruntime): not started yet.';
    case 'starting':
      return 'Model runtime (onnxruntime): starting…';
    case 'ready':
      return `Model runtime (onnxruntime ${runtime.builds.map((b) => (b === 'wasm' ? 'WASM' : 'WebGPU')).join(' + ')}): ready, started in ${(runtime.ms / 1000).toFixed(1)} s; a run's first prediction does not wait for it.`;
    case 'failed':
      return `Model runtime (onnxruntime) could not start ahead of a run (${runtime.message}); a run will start it itself.`;
  }
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Choose a model, its label mapping, threshold and device, and run it over the dataset. */
export function RunForm({ dataset, onFinished }: { dataset: Dataset; onFinished: () => void }) {
  const models = modelsFor(dataset, registry.value);
  const [chosen, setChosen] = useState<string>('');
  const model = models.find((m) => modelKey(m) === chosen) ?? models[0];
  const [runtime, setRuntime] = useState<'onnx' | 'tfjs'>('onnx');
  const [device, setDevice] = useState<DeviceChoice>('auto');
  const [threshold, setThreshold] = useState('');
  const [probe, setProbe] = useState<WebGpuProbe | null>(null);
  const classNames = dataset.classes.map((c) => c.name);
  const labels = model?.card.labels ?? [];
  const suggested = useMemo(() => suggestLabelMap(labels, classNames), [model && modelKey(model), dataset.id]);
  const [labelMap, setLabelMap] = useState<number[]>(suggested);
  useEffect(() => setLabelMap(suggested), [suggested]);
  useEffect(() => {
    teacherWorker.call('probe', undefined).then(setProbe, () => setProbe({ available: false, isFallbackAdapter: false, adapter: '', problem: 'the check failed' }));
    // Already running when the dataset view warmed it; started again if the idle worker was stopped.
    void warmTeacherRuntime();
  }, []);

  if (!model) return <p class="hint">No model takes this dataset's {dataset.kind} items. Add one on the <a href="#/models">Models</a> page.</p>;
  const classify = model.card.task === 'classify';
  const hasTfjs = model.ref.kind === 'builtin' && !!model.card.files.tfjs && !!model.card.files.onnx;
  let mappingProblem: string | null = null;
  if (classify) {
    try {
      checkLabelMap(labelMap, labels, classNames, `the teacher '${model.name}'`);
    } catch (error) {
      mappingProblem = error instanceof SiftError ? error.message : String(error);
    }
  }
  const thresholdValue = threshold.trim() === '' ? null : Number(threshold);
  const badThreshold = thresholdValue !== null && !(thresholdValue >= 0 && thresholdValue <= 1);

  const run = async () => {
    // On the workers' shared clock: the run record says how long this click waited for a first prediction.
    const requestedAt = performance.timeOrigin + performance.now();
    const runId = newModelRunId(classify ? 'teacher' : 'embed');
    const result = await runTask(`${classify ? 'Teacher' : 'Embedder'}: ${model.name}`, (signal, onProgress) =>
      teacherWorker.call('run', { runId, datasetId: dataset.id, model: model.ref, runtime: hasTfjs ? runtime : undefined, device, labelMap: classify ? labelMap : undefined, threshold: thresholdValue, requestedAt }, { signal, onProgress }),
    );
    onFinished();
    if (!result) return;
    const r = result.results;
    say('info', `${model.name} ran over ${dataset.itemCount.toLocaleString('en-US')} items on ${String(r.device).toUpperCase()} at ${Math.round(r.itemsPerS ?? 0).toLocaleString('en-US')} items/s${r.agreement?.accuracy != null ? `; it agrees with your labels on ${percent(r.agreement.accuracy)} of ${r.agreement.voted.toLocaleString('en-US')} labeled items it voted on` : ''}.`);
  };

  return (
    <section class="run-form" aria-label="Run a model">
      <h2>Run a model</h2>
      <div class="form-grid">
        <label>
          Model
          <select data-testid="teacher-model" value={modelKey(model)} onChange={(e) => setChosen(e.currentTarget.value)}>
            {models.map((m) => (
              <option key={modelKey(m)} value={modelKey(m)}>
                {m.name} ({m.card.task === 'classify' ? 'teacher' : 'embedder'}{m.ref.kind === 'builtin' ? ', built-in' : ''})
              </option>
            ))}
          </select>
        </label>
        {hasTfjs && (
          <label>
            Model format
            <select data-testid="teacher-runtime" value={runtime} onChange={(e) => setRuntime(e.currentTarget.value as 'onnx' | 'tfjs')}>
              <option value="onnx">ONNX (onnxruntime-web)</option>
              <option value="tfjs">TF.js</option>
            </select>
          </label>
        )}
        {model.card.runtime !== 'builtin' && (
          <label>
            Device
            <select data-testid="teacher-device" value={device} onChange={(e) => setDevice(e.currentTarget.value as DeviceChoice)}>
              <option value="auto">Auto (measure)</option>
              <option value="webgpu">WebGPU</option>
              <option value="wasm">WASM</option>
            </select>
          </label>
        )}
        {classify && (
          <label>
            Vote only when at least (probability, blank: always vote)
            <input data-testid="teacher-threshold" class={badThreshold ? 'invalid' : ''} inputMode="decimal" placeholder="e.g. 0.8" value={threshold} onInput={(e) => setThreshold(e.currentTarget.value)} />
          </label>
        )}
      </div>
      {model.card.runtime !== 'builtin' && !(hasTfjs && runtime === 'tfjs') && (
        <p class="hint" role="status" data-testid="runtime-status" data-state={teacherRuntime.value.state}>
          {describeRuntime(teacherRuntime.value)}
        </p>
      )}
      <p class="hint" data-testid="webgpu-probe">{model.card.runtime === 'builtin' ? "Built-in embedder: computed by Sift's own code in a worker." : describeProbe(probe)}</p>
      {classify && (
        <table class="label-map" data-testid="label-map">
          <thead>
            <tr>
              <th>Teacher label</th>
              <th>Dataset class</th>
            </tr>
          </thead>
          <tbody>
            {labels.map((label, j) => (
              <tr key={label}>
                <td>{label}</td>
                <td>
                  <select aria-label={`Class for the model label ${label}`} data-testid={`map-${label}`} value={String(labelMap[j] ?? -1)} onChange={(e) => setLabelMap(labelMap.map((c, i) => (i === j ? Number(e.currentTarget.value) : c)))}>
                    <option value="-1">— none (abstain) —</option>
                    {classNames.map((name, c) => (
                      <option key={name} value={String(c)}>
                        {name}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mappingProblem && (
        <p class="error-text" role="alert" data-testid="mapping-problem">
          {mappingProblem}
        </p>
      )}
      <div class="actions left">
        <button type="button" class="primary" data-testid="run-teacher" disabled={!!mappingProblem || badThreshold || tasks.value.length > 0} onClick={run}>
          Run {classify ? 'teacher' : 'embedder'} on {dataset.itemCount.toLocaleString('en-US')} items
        </button>
      </div>
    </section>
  );
}
