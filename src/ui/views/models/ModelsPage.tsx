import { useEffect } from 'preact/hooks';
import type { RegistryModel } from '../../../data/models';
import { download } from '../../download';
import { modelKey, refreshRegistry, registry, registryLoaded, removeUserModel } from '../../state/models';
import { say } from '../../state/tasks';
import { AddModel } from './AddModel';

const kb = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

function ModelRow({ model }: { model: RegistryModel }) {
  const { card } = model;
  const headline = card.metrics.filter((m) => !m.label && (m.name === 'accuracy' || m.name === 'macro_f1'));
  const remove = async () => {
    if (!confirm(`Remove '${model.name}' from the models? Teacher votes it made stay with their datasets.`)) return;
    await removeUserModel(model.ref.id);
    await refreshRegistry();
    say('info', `Removed '${model.name}'.`);
  };
  return (
    <li class="model-row" data-testid="model-row" data-model={model.ref.id}>
      <div>
        <strong>{model.name}</strong> <span class="badge">{model.ref.kind === 'builtin' ? 'built-in' : 'yours'}</span>{' '}
        <span class="hint">
          {card.task === 'classify' ? `classifies ${card.input_kind} into ${card.labels?.join(', ')}` : `embeds ${card.input_kind}`} · {card.runtime === 'builtin' ? "Sift's own code, no model file" : `${card.runtime}${card.files.tfjs && card.files.onnx ? ' + TF.js' : ''}${model.bytes ? `, ${kb(model.bytes)}` : ''}`}
        </span>
      </div>
      {card.description && <div class="hint">{card.description}</div>}
      {headline.length > 0 && (
        <div class="hint">
          Tested: {headline.map((m) => `${m.name} ${m.value.toFixed(3)} on ${m.dataset} (n=${m.n})`).join('; ')}
        </div>
      )}
      <div class="hint">License: {card.license.model} · Trained on: {card.provenance.data}</div>
      <div>
        <button type="button" class="link" onClick={() => download(new Blob([JSON.stringify(card, null, 2)], { type: 'application/json' }), `${card.id}.card.json`)}>
          Export card
        </button>
        {model.ref.kind === 'user' && (
          <button type="button" class="link danger" onClick={remove}>
            Remove
          </button>
        )}
      </div>
    </li>
  );
}

/** The model registry: built-in teachers and embedders, the user's own models, and adding one. */
export function ModelsPage() {
  useEffect(() => {
    refreshRegistry();
  }, []);
  return (
    <main class="models-page">
      <h1>Models</h1>
      <p class="hint">Teachers label items; embedders turn them into vectors. Run them from a dataset's Teachers tab. Models run in a worker on this machine; nothing is downloaded or uploaded.</p>
      <ul class="plain" data-testid="model-list">
        {registry.value.map((m) => (
          <ModelRow key={modelKey(m)} model={m} />
        ))}
      </ul>
      {registryLoaded.value && registry.value.length === 0 && <p class="hint">No models.</p>}
      <AddModel />
    </main>
  );
}
