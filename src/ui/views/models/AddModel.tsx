import { useState } from 'preact/hooks';
import { parseCard } from '../../../core/models/card';
import { teacherWorker } from '../../../../workers/clients';
import type { InspectResult, ModelFormat } from '../../../../workers/teacher/inspect';
import { FileDrop } from '../../components/FileDrop';
import { pickedPath, refreshRegistry, storeUserModel } from '../../state/models';
import { runTask, say } from '../../state/tasks';
import { checkCard } from '../../../core/models/card-check';
import { CardForm, ProblemList } from './CardForm';

interface Pending {
  format: ModelFormat;
  files: { path: string; blob: Blob }[];
  result: InspectResult;
  card: Record<string, any>;
}

const FORMAT_LABEL: Record<ModelFormat, string> = { onnx: 'ONNX model', hf: 'Hugging Face folder', tfjs: 'TF.js model' };

/**
 * Adding a model: pick its files, the worker reads and loads them and checks the card (given, found
 * among the files, or drafted), the user fixes the card in the form until it matches, then it is saved.
 * Nothing is stored before that, so a bad file leaves the registry as it was.
 */
export function AddModel() {
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);

  const inspect = async (format: ModelFormat, picked: File[], card: unknown | null = null) => {
    setError(null);
    const files = picked.map((f) => ({ path: pickedPath(f), blob: f as Blob }));
    let failure: string | null = null;
    const result = await runTask(`Checking the ${FORMAT_LABEL[format]}`, (signal) =>
      teacherWorker.call('inspect', { format, files, card }, { signal }).catch((e) => {
        failure = e instanceof Error ? e.message : String(e);
        throw e;
      }),
    );
    if (!result) {
      setPending(null);
      setError(failure);
      return;
    }
    setPending({ format, files: result.files, result, card: result.card as Record<string, any> });
  };

  if (pending) {
    const problems = checkCard(pending.card, pending.result.model, pending.format === 'tfjs' ? 'tfjs' : 'onnx');
    const fatal = problems.filter((p) => p.severity === 'error');
    const save = async () => {
      const parsed = parseCard(pending.card);
      if (!parsed.card || fatal.length) return;
      const card = parsed.card;
      try {
        const entry = await storeUserModel(card.id, { name: card.name, createdAt: Date.now(), format: pending.format, card, files: pending.files });
        await refreshRegistry();
        say('info', `Added '${entry.name}' to the models.`);
        setPending(null);
      } catch (e) {
        say('error', `The model could not be stored: ${e instanceof Error ? e.message : e}`);
      }
    };
    return (
      <section class="add-model" aria-label="Check the model card">
        <h2>{FORMAT_LABEL[pending.format]}: check its card</h2>
        <p class="hint" data-testid="model-summary">
          Files: {pending.files.map((f) => f.path).join(', ')} · {pending.result.model.summary}
        </p>
        <p class="hint">{pending.result.cardSource === 'draft' ? 'Sift drafted this card from the model; fill in the labels, license and what it was trained on.' : pending.result.cardSource === 'file' ? 'The card came with the files.' : 'Your card.'}</p>
        <ProblemList problems={problems} />
        <CardForm card={pending.card} info={pending.result.model} onChange={(card) => setPending({ ...pending, card })} />
        <div class="actions">
          <button type="button" onClick={() => setPending(null)}>Cancel</button>
          <button type="button" class="primary" data-testid="save-model" disabled={fatal.length > 0} onClick={save}>
            {fatal.length ? `Fix ${fatal.length} problem${fatal.length > 1 ? 's' : ''} to save` : 'Save model'}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section class="add-model">
      <h2>Add a model</h2>
      {error && (
        <p role="alert" class="error-text" data-testid="add-model-error">
          {error}
        </p>
      )}
      <FileDrop label="ONNX: a .onnx file, optionally with its card (card.json)" multiple accept=".onnx,.json" testId="add-onnx" onFiles={(files) => files.length && inspect('onnx', files)} />
      <FileDrop label="Hugging Face folder: config.json, tokenizer.json, onnx/model.onnx" directory testId="add-hf" onFiles={(files) => files.length && inspect('hf', files)} />
      <FileDrop label="TF.js: model.json and its weight files (.bin), optionally card.json" multiple accept=".json,.bin" testId="add-tfjs" onFiles={(files) => files.length && inspect('tfjs', files)} />
    </section>
  );
}
