/**
 * The model registry: user models stored in IndexedDB (files as Blobs plus the card), and the built-in
 * models, which are served from the app's own origin (models/builtin, listed by its index.json) and
 * need no set-up. A `ModelRef` names either.
 */
import { SiftError } from '../core/errors';
import { cardOrThrow, type ModelCard } from '../core/models/card';
import { db, type ModelEntry } from './db';

export type ModelRef = { kind: 'builtin'; id: string } | { kind: 'user'; id: string };

/** What the registry lists: enough to choose a model and show its card. */
export interface RegistryModel {
  ref: ModelRef;
  name: string;
  card: ModelCard;
  format: ModelEntry['format'];
  /** Total bytes of the model files (0 for built-ins computed by Sift's own code). */
  bytes: number;
}

interface BuiltinIndex {
  models: { id: string; name: string; card: string; files: Record<string, string> }[];
}

/** Where the built-in models are served (Vite copies models/builtin there). */
export const BUILTIN_BASE = 'models/builtin/';

function builtinUrl(base: string, path: string): string {
  return `${base}${BUILTIN_BASE}${path}`;
}

let builtinCache: Promise<RegistryModel[]> | null = null;

/** The built-in models with their cards, fetched once from this origin. `base` is the app's base URL. */
export function listBuiltinModels(base: string): Promise<RegistryModel[]> {
  builtinCache ??= (async () => {
    const response = await fetch(builtinUrl(base, 'index.json'));
    if (!response.ok) throw new SiftError('builtin-missing', `The built-in model list could not be loaded (${response.status} for ${BUILTIN_BASE}index.json)`);
    const index = (await response.json()) as BuiltinIndex;
    return Promise.all(
      index.models.map(async (entry) => {
        const cardResponse = await fetch(builtinUrl(base, entry.card));
        if (!cardResponse.ok) throw new SiftError('builtin-missing', `The card of the built-in model ${entry.id} could not be loaded (${cardResponse.status})`);
        const card = cardOrThrow(await cardResponse.json());
        return { ref: { kind: 'builtin', id: entry.id } as ModelRef, name: entry.name, card, format: 'builtin' as const, bytes: 0 };
      }),
    );
  })();
  builtinCache.catch(() => (builtinCache = null));
  return builtinCache;
}

/**
 * A built-in model's files, fetched from this origin: the ONNX file for runtime 'onnx', model.json and
 * its weight shards for TF.js. Paths are relative to the card's folder.
 */
export async function fetchBuiltinFiles(base: string, id: string, card: ModelCard, runtime: 'onnx' | 'tfjs'): Promise<{ path: string; blob: Blob }[]> {
  const folder = `${id}/`;
  const get = async (path: string) => {
    const response = await fetch(builtinUrl(base, folder + path));
    if (!response.ok) throw new SiftError('builtin-missing', `The built-in model file ${folder}${path} could not be loaded (${response.status})`);
    return { path, blob: await response.blob() };
  };
  if (runtime === 'onnx') {
    if (!card.files.onnx) throw new SiftError('builtin-missing', `The built-in model ${id} has no ONNX file`);
    return [await get(card.files.onnx)];
  }
  if (!card.files.tfjs) throw new SiftError('builtin-missing', `The built-in model ${id} has no TF.js files`);
  const modelJson = await get(card.files.tfjs);
  const json = JSON.parse(await modelJson.blob.text()) as { weightsManifest?: { paths: string[] }[] };
  const dir = card.files.tfjs.replace(/[^/]*$/, '');
  const shards = await Promise.all((json.weightsManifest ?? []).flatMap((group) => group.paths).map((p) => get(dir + p)));
  return [modelJson, ...shards];
}

export async function listUserModels(): Promise<ModelEntry[]> {
  return db().models.orderBy('createdAt').toArray();
}

export async function getUserModel(id: string): Promise<ModelEntry | undefined> {
  return db().models.get(id);
}

/** A registry id for a new user model, derived from its card id and unique among stored models. */
export async function newModelId(cardId: string): Promise<string> {
  const base = `user-${cardId}`;
  let id = base;
  for (let n = 2; await db().models.get(id); n++) id = `${base}-${n}`;
  return id;
}

/** Stores a checked model. Callers validate the card against the files first (teacher worker `inspect`). */
export async function saveUserModel(entry: ModelEntry): Promise<void> {
  await db().models.put(entry);
}

/** Removes a model from the registry. Outputs it made stay with their datasets (their sources keep its hash). */
export async function deleteUserModel(id: string): Promise<void> {
  await db().models.delete(id);
}

export function userModelBytes(entry: ModelEntry): number {
  return entry.files.reduce((sum, f) => sum + f.blob.size, 0);
}

export function registryFromEntry(entry: ModelEntry): RegistryModel {
  return { ref: { kind: 'user', id: entry.id }, name: entry.name, card: cardOrThrow(entry.card), format: entry.format, bytes: userModelBytes(entry) };
}
