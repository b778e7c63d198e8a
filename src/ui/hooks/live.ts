import { useEffect, useState } from 'preact/hooks';
import { watch } from '../../data/live';

/** The value of a store query, kept current as the store changes (any tab, any worker). */
export function useLive<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => watch(query, setValue), deps);
  return value;
}
