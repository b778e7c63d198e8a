/**
 * A Hugging Face model folder (config.json, tokenizer.json, onnx/model*.onnx, optionally
 * tokenizer_config.json and README.md) → which files matter and a suggested model card. The labels
 * come from config.json's id2label; inputs and outputs from the ONNX file itself. Pure: the caller reads
 * the files and parses the ONNX header (readOnnxInfo).
 */
import { SiftError } from '../errors';
import type { CardInput } from './card';
import type { OnnxInfo } from './onnx-info';

export interface HfFolderFiles {
  /** Path prefix shared by every file ('' when the files were picked one by one). */
  root: string;
  config: string;
  tokenizer: string;
  tokenizerConfig: string | null;
  readme: string | null;
  /** Every ONNX file found, best first (full precision before quantized variants). */
  onnx: string[];
}

const ONNX_PREFERENCE = ['model.onnx', 'model_fp32.onnx', 'model_quantized.onnx', 'model_int8.onnx', 'model_uint8.onnx', 'model_fp16.onnx'];

function commonFolder(paths: readonly string[]): string {
  const first = paths[0]?.split('/') ?? [];
  let depth = first.length - 1;
  for (const path of paths) {
    const parts = path.split('/');
    let d = 0;
    while (d < depth && d < parts.length - 1 && parts[d] === first[d]) d++;
    depth = d;
  }
  return depth > 0 ? `${first.slice(0, depth).join('/')}/` : '';
}

/** Finds the files of a Hugging Face folder among `paths`, or throws naming what is missing. */
export function findHfFiles(paths: readonly string[]): HfFolderFiles {
  const root = commonFolder(paths);
  const relative = new Map(paths.map((p) => [p.slice(root.length), p]));
  const need = (name: string, why: string) => {
    const found = relative.get(name);
    if (!found) throw new SiftError('hf-missing-file', `The Hugging Face folder has no ${name} (${why}). Found: ${[...relative.keys()].slice(0, 12).join(', ')}${relative.size > 12 ? ', …' : ''}`, { missing: name });
    return found;
  };
  const config = need('config.json', 'it names the labels in id2label');
  const tokenizer = need('tokenizer.json', 'Sift tokenizes with it');
  const onnx = [...relative.keys()].filter((p) => /^onnx\/[^/]*\.onnx$/.test(p) || (/^[^/]*\.onnx$/.test(p)));
  if (onnx.length === 0) throw new SiftError('hf-missing-file', 'The Hugging Face folder has no ONNX model (onnx/model.onnx). Export one with `optimum-cli export onnx` first.', { missing: 'onnx/model.onnx' });
  const rank = (p: string) => {
    const i = ONNX_PREFERENCE.indexOf(p.replace(/^.*\//, ''));
    return (i < 0 ? ONNX_PREFERENCE.length : i) + (p.startsWith('onnx/') ? 0 : 0.5);
  };
  onnx.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return { root, config, tokenizer, tokenizerConfig: relative.get('tokenizer_config.json') ?? null, readme: relative.get('README.md') ?? null, onnx: onnx.map((p) => relative.get(p)!) };
}

/** Labels in output-column order from config.json's id2label. */
export function labelsFromConfig(config: Record<string, unknown>): string[] | null {
  const id2label = config.id2label;
  if (!id2label || typeof id2label !== 'object') return null;
  const entries = Object.entries(id2label as Record<string, unknown>).map(([k, v]) => [Number(k), String(v)] as const);
  if (entries.some(([k]) => !Number.isInteger(k) || k < 0)) throw new SiftError('hf-bad-config', `config.json: id2label keys must be 0, 1, 2, …; got ${Object.keys(id2label).join(', ')}`);
  entries.sort((a, b) => a[0] - b[0]);
  if (entries.some(([k], i) => k !== i)) throw new SiftError('hf-bad-config', `config.json: id2label skips an index (keys ${entries.map(([k]) => k).join(', ')}); every output column needs a name`);
  return entries.map(([, v]) => v);
}

/** The `license:` of a model README's YAML front matter. */
export function licenseFromReadme(readme: string): string | null {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readme);
  const line = front && /^license:\s*(.+)$/m.exec(front[1]);
  return line ? line[1].trim().replace(/^['"]|['"]$/g, '') : null;
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '') || 'hf-model';

/**
 * The card Sift suggests for the folder: the user reviews and edits it before the model is saved. A
 * classifier when id2label is present and the model has a [batch, classes] output; else an embedder
 * (mean-pooled when its output is per token).
 */
export function suggestHfCard(options: {
  folderName: string;
  onnxPath: string;
  config: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown> | null;
  readme: string | null;
  onnx: OnnxInfo;
}): CardInput {
  const { config, tokenizerConfig, onnx } = options;
  const labels = labelsFromConfig(config);
  const inputNames = onnx.inputs.map((t) => t.name);
  const logits = onnx.outputs.find((o) => o.name === 'logits') ?? onnx.outputs.find((o) => o.shape?.length === 2);
  const classify = !!labels && !!logits;
  const embedding = onnx.outputs.find((o) => o.name === 'sentence_embedding' || o.name === 'pooler_output') ?? onnx.outputs.find((o) => o.name === 'last_hidden_state') ?? onnx.outputs[0];
  const output = classify ? logits! : embedding;
  const perToken = !classify && output?.shape?.length === 3;
  const limits = [tokenizerConfig?.model_max_length, config.max_position_embeddings].filter((x): x is number => typeof x === 'number' && x > 0 && x < 1e6);
  const maxLength = Math.min(512, ...limits);
  const name = (typeof config._name_or_path === 'string' && config._name_or_path) || options.folderName || 'Hugging Face model';
  const license = options.readme ? licenseFromReadme(options.readme) : null;
  const pick = (candidates: string[]) => candidates.find((c) => inputNames.includes(c));
  return {
    format: 'sift-model-card',
    format_version: 1,
    id: slug(String(name).replace(/^.*\//, '')),
    name: String(name),
    version: typeof config.transformers_version === 'string' ? `transformers ${config.transformers_version}` : '1',
    task: classify ? 'classify' : 'embed',
    input_kind: 'text',
    runtime: 'onnx',
    files: { onnx: options.onnxPath },
    preprocessing: {
      kind: 'tokenizer',
      file: 'tokenizer.json',
      max_length: maxLength,
      padding: 'longest',
      truncation: true,
      inputs: {
        input_ids: pick(['input_ids']) ?? inputNames[0] ?? 'input_ids',
        ...(pick(['attention_mask']) ? { attention_mask: 'attention_mask' } : {}),
        ...(pick(['token_type_ids']) ? { token_type_ids: 'token_type_ids' } : {}),
      },
      pooling: perToken ? 'mean' : 'none',
    },
    inputs: onnx.inputs.map((t) => ({ name: t.name, dtype: t.dtype as never, shape: t.shape ?? ['batch', 'sequence'] })),
    outputs: output ? [{ name: output.name, dtype: output.dtype as never, shape: output.shape ?? (perToken ? ['batch', 'sequence', null] : ['batch', null]), role: classify ? 'logits' : 'embedding' }] : [],
    ...(classify ? { labels: labels! } : {}),
    license: { model: license ?? 'unknown: check the model page before sharing its labels' },
    provenance: { data: 'unknown (Hugging Face model folder; see its model card)', source: String(name) },
    metrics: [],
  };
}
