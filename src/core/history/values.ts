import { canonicalJson } from '../lf/version';
import type { Source } from '../records';
import type { ChangeValue } from './types';

/** An LF source's definition as a change-log value; null for sources that are not LFs. */
export function lfValue(source: Source): ChangeValue | null {
  if (source.kind === 'lf') return { kind: 'lf', sourceKind: 'lf', name: source.name, definition: { ...source.definition } };
  if (source.kind === 'js-lf') return { kind: 'lf', sourceKind: 'js-lf', name: source.name, definition: { ...source.definition } };
  return null;
}

/** Whether two logged values say the same thing (a save that changed nothing is not a change). */
export const sameValue = (a: ChangeValue | null, b: ChangeValue | null): boolean => canonicalJson(a) === canonicalJson(b);

/** The value in words, for the History table. */
export function describeValue(value: ChangeValue | null): string {
  if (!value) return '—';
  switch (value.kind) {
    case 'lf':
      return value.sourceKind === 'js-lf' ? `${value.name}: ${value.definition.source.replace(/\s+/g, ' ').slice(0, 60)}` : `${value.name}: ${canonicalJson(value.definition.condition).slice(0, 80)} → class ${value.definition.vote}`;
    case 'threshold':
      return value.threshold === null ? 'no threshold' : `threshold ${value.threshold}`;
    case 'calibration':
      return `${value.method} calibration`;
    case 'label-model':
      return `method ${value.method}`;
  }
}
