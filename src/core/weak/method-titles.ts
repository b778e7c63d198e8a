import type { MethodChoice } from './compare';

/** Label-model methods as the user reads them: never the short codes ("ds", "fs") the core uses as keys. */
export const methodTitles: Record<MethodChoice, string> = {
  auto: 'Auto (best on dev)',
  mv: 'Majority vote',
  wmv: 'Weighted majority vote',
  ds: 'Dawid-Skene',
  snorkel: 'Snorkel-style',
  fs: 'FlyingSquid-style',
};

/** A stored method name (from a run record, so possibly one this version does not know) as a title. */
export function methodTitle(name: unknown): string {
  return typeof name === 'string' && name in methodTitles ? methodTitles[name as MethodChoice] : String(name);
}
