/**
 * Checks a model a user brings, before it is stored: the files are read (ONNX header, TF.js model.json
 * and shards, Hugging Face config and tokenizer), the model is loaded once (so an operator onnxruntime
 * lacks or a bad shard shows now, not mid-run), and the card — given, or drafted from the model — is
 * checked against the model's real inputs and outputs. File problems throw specific SiftErrors; card
 * problems are returned for the form to show.
 */
import { SiftError } from '../../src/core/errors';
import type { CardInput, CardProblem } from '../../src/core/models/card';
import { checkCard } from '../../src/core/models/card-check';
import type { ModelInfo } from '../../src/core/models/card-validate';
import { suggestCard } from '../../src/core/models/card-suggest';
import { findHfFiles, suggestHfCard } from '../../src/core/models/hf-folder';
import { modelInfoFromTfjs } from '../../src/core/models/model-info';
import { readOnnxInfo, type OnnxInfo } from '../../src/core/models/onnx-info';
import { hashFiles } from './model-load';
import { ortSessionInfo, type OrtModule } from './ort-session';
import { loadTokenizer } from './tokenize';

export type ModelFormat = 'onnx' | 'hf' | 'tfjs';
type File_ = { path: string; blob: Blob };

export interface InspectRequest {
  format: ModelFormat;
  files: File_[];
  /** The card to check; null drafts one from the model (or uses a card.json among the files). */
  card: unknown | null;
}

export interface InspectResult {
  /** The card checked (the given one, one found among the files, or a draft). */
  card: unknown;
  cardSource: 'given' | 'file' | 'draft';
  problems: CardProblem[];
  model: ModelInfo & { summary: string };
  /** The files to store, with paths relative to the model folder. */
  files: File_[];
  hash: string;
}

export interface InspectEnvironment {
  ort: () => Promise<OrtModule>;
  /** Loads a TF.js model from its files (throws a SiftError when it cannot). */
  loadTfjs: (files: File_[]) => Promise<void>;
}

const baseName = (path: string) => path.replace(/^.*\//, '');

async function readJson(file: File_, code: string): Promise<Record<string, unknown>> {
  const text = await file.blob.text();
  try {
    const value = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a JSON object');
    return value;
  } catch (error) {
    throw new SiftError(code, `${file.path} is not valid JSON: ${error instanceof Error ? error.message : error}`, { file: file.path });
  }
}

async function onnxInfo(file: File_, env: InspectEnvironment): Promise<OnnxInfo> {
  const bytes = new Uint8Array(await file.blob.arrayBuffer());
  let info: OnnxInfo;
  try {
    info = readOnnxInfo(bytes);
  } catch (error) {
    if (error instanceof SiftError) throw new SiftError(error.code, `${file.path}: ${error.message}`, { ...error.details, file: file.path });
    throw error;
  }
  if (info.externalData.length)
    throw new SiftError('external-data', `${file.path} keeps its weights in separate files (${info.externalData.join(', ')}); Sift needs a single-file ONNX model (re-export with the weights embedded)`, { files: info.externalData });
  // Loading proves onnxruntime-web has every operator (the header cannot tell).
  await ortSessionInfo(await env.ort(), bytes, file.path);
  return info;
}

function summarize(info: ModelInfo, extra: string): ModelInfo & { summary: string } {
  const t = (x: ModelInfo['inputs'][number]) => `${x.name} ${x.dtype} [${(x.shape ?? ['?']).map((d) => (d === null ? '?' : d)).join(', ')}]`;
  return { ...info, summary: `inputs: ${info.inputs.map(t).join('; ')} · outputs: ${info.outputs.map(t).join('; ')}${extra}` };
}

export async function inspectModel(request: InspectRequest, env: InspectEnvironment): Promise<InspectResult> {
  const { files } = request;
  if (files.length === 0) throw new SiftError('no-files', 'Choose the model files first', {});
  let card = request.card;
  let cardSource: InspectResult['cardSource'] = card ? 'given' : 'draft';
  const cardFile = files.find((f) => /(^|\/)(card|model-card|sift-card)\.json$/i.test(f.path));
  if (!card && cardFile) {
    card = await readJson(cardFile, 'bad-card-json');
    cardSource = 'file';
  }

  if (request.format === 'onnx') {
    const onnx = files.filter((f) => f.path.toLowerCase().endsWith('.onnx'));
    if (onnx.length !== 1) throw new SiftError('onnx-count', onnx.length ? `Choose one .onnx file, not ${onnx.length} (${onnx.map((f) => f.path).join(', ')})` : `None of the chosen files is an .onnx file (${files.map((f) => f.path).join(', ')})`, {});
    const file = { path: baseName(onnx[0].path), blob: onnx[0].blob };
    const info = await onnxInfo(file, env);
    card ??= suggestCard(info, file.path, 'onnx');
    if (cardSource !== 'given' && card && typeof card === 'object') (card as CardInput).files = { onnx: file.path };
    return { card, cardSource, problems: checkCard(card, info, 'onnx'), model: summarize(info, ` · ${info.parameters.toLocaleString('en-US')} parameters · operators ${info.operators.map((o) => o.opType).join(', ')}`), files: [file], hash: await hashFiles([file], null) };
  }

  if (request.format === 'hf') {
    const found = findHfFiles(files.map((f) => f.path));
    const byPath = new Map(files.map((f) => [f.path, f]));
    const rel = (path: string) => path.slice(found.root.length);
    const config = await readJson(byPath.get(found.config)!, 'hf-bad-config');
    const tokenizerFile = byPath.get(found.tokenizer)!;
    const tokenizerConfig = found.tokenizerConfig ? await readJson(byPath.get(found.tokenizerConfig)!, 'bad-tokenizer') : null;
    loadTokenizer(await tokenizerFile.blob.text(), tokenizerConfig ? JSON.stringify(tokenizerConfig) : null, rel(found.tokenizer));
    const onnxPath = found.onnx[0];
    const info = await onnxInfo({ path: rel(onnxPath), blob: byPath.get(onnxPath)!.blob }, env);
    const readme = found.readme ? await byPath.get(found.readme)!.blob.text() : null;
    card ??= suggestHfCard({ folderName: found.root.replace(/\/$/, '').replace(/^.*\//, ''), onnxPath: rel(onnxPath), config, tokenizerConfig, readme, onnx: info });
    const keep = [found.config, found.tokenizer, found.tokenizerConfig, found.readme, onnxPath].filter((p): p is string => !!p).map((p) => ({ path: rel(p), blob: byPath.get(p)!.blob }));
    const others = found.onnx.length > 1 ? ` · also found ${found.onnx.slice(1).map(rel).join(', ')} (not stored)` : '';
    return { card, cardSource, problems: checkCard(card, info, 'onnx'), model: summarize(info, ` · ${rel(onnxPath)}${others}`), files: keep, hash: await hashFiles(keep, null) };
  }

  const modelFile = files.find((f) => baseName(f.path) === 'model.json') ?? files.find((f) => f.path.endsWith('.json') && f !== cardFile);
  if (!modelFile) throw new SiftError('tfjs-missing-file', `A TF.js model needs its model.json; the chosen files are ${files.map((f) => f.path).join(', ')}`, {});
  const json = await readJson(modelFile, 'bad-tfjs');
  const info = modelInfoFromTfjs(json);
  const keep = files.filter((f) => f !== cardFile).map((f) => ({ path: baseName(f.path), blob: f.blob }));
  await env.loadTfjs(keep);
  const graph = json.format === 'graph-model' || !!(json.modelTopology as { node?: unknown } | undefined)?.node;
  card ??= suggestCard(info, 'model.json', graph ? 'tfjs-graph' : 'tfjs-layers');
  return { card, cardSource, problems: checkCard(card, info, 'tfjs'), model: summarize(info, graph ? ' · graph model' : ' · layers model'), files: keep, hash: await hashFiles(keep, null) };
}
