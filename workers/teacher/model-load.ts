/**
 * Resolves a registry reference to a model ready to run: card, files (fetched from this origin for
 * built-ins, read from IndexedDB for user models), content hash and tokenizer.
 */
import { SiftError } from '../../src/core/errors';
import { cardOrThrow, type ModelCard } from '../../src/core/models/card';
import { fetchBuiltinFiles, getUserModel, listBuiltinModels, type ModelRef } from '../../src/data/models';
import type { LoadedModel } from './run';
import { BatchTokenizer, loadTokenizer } from './tokenize';

/**
 * SHA-256 (hex) of the model's content: a single file's bytes (so a renamed copy is the same model),
 * or, for several files, each one's path and bytes in path order.
 */
export async function hashFiles(files: { path: string; blob: Blob }[], card: ModelCard | null): Promise<string> {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (files.length > 1) parts.push(encoder.encode(`${file.path}\u0000${file.blob.size}\u0000`));
    parts.push(new Uint8Array(await file.blob.arrayBuffer()));
  }
  // A built-in embedder has no file: its preprocessing is the whole algorithm.
  if (files.length === 0 && card) parts.push(encoder.encode(JSON.stringify(card.preprocessing)));
  const total = parts.reduce((s, p) => s + p.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const baseName = (path: string) => path.replace(/^.*\//, '');

/** The tokenizer of a tokenizer card, from the model's files. */
export async function tokenizerFor(card: ModelCard, files: { path: string; blob: Blob }[]): Promise<BatchTokenizer | null> {
  const p = card.preprocessing;
  if (p.kind !== 'tokenizer') return null;
  const file = files.find((f) => f.path === p.file) ?? files.find((f) => baseName(f.path) === baseName(p.file));
  if (!file) throw new SiftError('tokenizer-missing', `The card names the tokenizer file '${p.file}', which is not stored with the model`, { file: p.file });
  const config = files.find((f) => baseName(f.path) === 'tokenizer_config.json');
  const configText = config ? await config.blob.text() : null;
  const tokenizer = loadTokenizer(await file.blob.text(), configText, file.path);
  const padToken = configText ? (JSON.parse(configText) as { pad_token?: unknown }).pad_token : undefined;
  const pad = typeof padToken === 'string' ? padToken : typeof padToken === 'object' && padToken && 'content' in padToken ? String((padToken as { content: unknown }).content) : undefined;
  return new BatchTokenizer(tokenizer, p, Object.fromEntries(card.inputs.map((t) => [t.name, t.dtype])), pad);
}

export async function loadModel(ref: ModelRef, runtime: 'onnx' | 'tfjs' | 'builtin' | undefined, base: string): Promise<LoadedModel> {
  if (ref.kind === 'builtin') {
    const found = (await listBuiltinModels(base)).find((m) => m.ref.id === ref.id);
    if (!found) throw new SiftError('model-missing', `There is no built-in model '${ref.id}'`, { id: ref.id });
    const card = found.card;
    const chosen = card.runtime === 'builtin' ? 'builtin' : runtime === 'tfjs' ? 'tfjs' : 'onnx';
    const files = chosen === 'builtin' ? [] : await fetchBuiltinFiles(base, ref.id, card, chosen);
    return { ref, key: ref.id, name: found.name, card, runtime: chosen, hash: await hashFiles(files, card), files, tokenizer: await tokenizerFor(card, files) };
  }
  const entry = await getUserModel(ref.id);
  if (!entry) throw new SiftError('model-missing', `The model '${ref.id}' is no longer in the registry`, { id: ref.id });
  const card = cardOrThrow(entry.card);
  const chosen = entry.format === 'tfjs' ? 'tfjs' : 'onnx';
  return { ref, key: entry.id, name: entry.name, card, runtime: chosen, hash: await hashFiles(entry.files, card), files: entry.files, tokenizer: await tokenizerFor(card, entry.files) };
}

/** The ONNX file a card runs: card.files.onnx, else the only .onnx among the files. */
export function onnxFileOf(model: { card: ModelCard; files: { path: string; blob: Blob }[] }): { path: string; blob: Blob } {
  const named = model.card.files.onnx;
  const file = (named && (model.files.find((f) => f.path === named) ?? model.files.find((f) => baseName(f.path) === baseName(named)))) || model.files.find((f) => f.path.endsWith('.onnx'));
  if (!file) throw new SiftError('model-missing', `No ONNX file is stored for '${model.card.name}'`, {});
  return file;
}
