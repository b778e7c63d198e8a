import { signal } from '@preact/signals';
import { listBuiltinModels, listUserModels, registryFromEntry, type RegistryModel } from '../../data/models';
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
