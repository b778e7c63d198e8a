import { signal } from '@preact/signals';
import type { ModelEntry } from '../../data/db';
import { deleteUserModel, listBuiltinModels, listUserModels, newModelId, registryFromEntry, saveUserModel, type RegistryModel } from '../../data/models';
import { say } from './tasks';

/** Every model the registry offers: built-ins first, then the user's own. */
export const registry = signal<RegistryModel[]>([]);
export const registryLoaded = signal(false);

export async function refreshRegistry(): Promise<RegistryModel[]> {
  try {
    const [builtin, user] = await Promise.all([listBuiltinModels(import.meta.env.BASE_URL), listUserModels()]);
    const users: RegistryModel[] = [];
    for (const entry of user) {
      try {
        users.push(registryFromEntry(entry));
      } catch (error) {
        say('error', `The stored model '${entry.name}' has a card Sift cannot read: ${error instanceof Error ? error.message : error}`);
      }
    }
    registry.value = [...builtin, ...users];
  } catch (error) {
    say('error', `The model registry could not be loaded: ${error instanceof Error ? error.message : error}`);
  } finally {
    registryLoaded.value = true;
  }
  return registry.value;
}

export const modelKey = (m: RegistryModel) => `${m.ref.kind}:${m.ref.id}`;

/** A picked file's path inside its folder (folder picks keep it), else its name. */
export const pickedPath = (file: File) => file.webkitRelativePath || file.name;

/** Stores a checked model under a registry id derived from its card id, unique among stored models. */
export async function storeUserModel(cardId: string, entry: Omit<ModelEntry, 'id'>): Promise<ModelEntry> {
  const stored: ModelEntry = { id: await newModelId(cardId), ...entry };
  await saveUserModel(stored);
  return stored;
}

/** Removes one of the user's models; outputs it made stay with their datasets. */
export const removeUserModel = (id: string): Promise<void> => deleteUserModel(id);
