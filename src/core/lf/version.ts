import embedderCard from '../../../models/builtin/hashed-ngrams-embedder/card.json';
import { digest } from '../hash';
import { TEXT_FIELD, type Condition, type JsLfDef, type LfDef } from './types';

/** JSON with object keys sorted at every level and undefined members dropped: the same data, the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`Cannot hash the number ${value}`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((entry) => (entry === undefined ? 'null' : canonicalJson(entry))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/**
 * Spells out defaults so that a condition written with and without them (field omitted vs 'text',
 * flags omitted vs '') gets one version: the version must change when the votes can, and only then.
 */
export function normalizeCondition(condition: Condition): Condition {
  switch (condition.kind) {
    case 'keyword':
      return { ...condition, field: condition.field ?? TEXT_FIELD };
    case 'regex':
      return { ...condition, field: condition.field ?? TEXT_FIELD, flags: [...new Set(condition.flags ?? '')].filter((f) => f !== 'g').sort().join('') };
    case 'length':
      return { ...condition, field: condition.field ?? TEXT_FIELD, unit: condition.unit ?? 'chars', max: condition.op === 'between' ? condition.max : undefined };
    case 'number':
      return { ...condition, max: condition.op === 'between' ? condition.max : undefined };
    case 'metadata':
      return { ...condition, caseSensitive: condition.caseSensitive ?? true };
    case 'similarity':
      return condition;
    case 'and':
    case 'or':
      return { kind: condition.kind, conditions: condition.conditions.map(normalizeCondition) };
    case 'not':
      return { kind: 'not', condition: normalizeCondition(condition.condition) };
    default:
      // An unknown kind is refused by compileLf; hashing it verbatim keeps lfVersion total.
      return condition;
  }
}

/**
 * The vectors similarity LFs compare come from the built-in text embedder: its id, version and settings
 * decide those votes as much as the threshold does.
 */
export const SIMILARITY_EMBEDDER = { id: embedderCard.id, version: embedderCard.version, preprocessing: embedderCard.preprocessing };

function usesSimilarity(condition: Condition): boolean {
  if (condition.kind === 'similarity') return true;
  if (condition.kind === 'and' || condition.kind === 'or') return condition.conditions.some(usesSimilarity);
  if (condition.kind === 'not') return usesSimilarity(condition.condition);
  return false;
}

/**
 * Content hash of what decides an LF's votes: its condition and class for a rule (and the embedder, for
 * a rule with a similarity test), its source for a JS LF. Id and name are left out so that renaming an
 * LF keeps its stored votes valid.
 */
export function lfVersion(def: (Pick<LfDef, 'condition' | 'vote'> & Partial<LfDef>) | (Pick<JsLfDef, 'source'> & Partial<JsLfDef>), similarityEmbedder: unknown = SIMILARITY_EMBEDDER): string {
  if ('source' in def) return `js-${digest(canonicalJson({ source: def.source }))}`;
  const embedder = usesSimilarity(def.condition) ? similarityEmbedder : undefined;
  return `rule-${digest(canonicalJson({ condition: normalizeCondition(def.condition), vote: def.vote, embedder }))}`;
}
