import { SiftError } from '../errors';
import { TEXT_FIELD, type Condition, type LfContext, type LfDef } from './types';

const COMPARE_OPS = new Set(['<', '<=', '>', '>=', '==', '!=', 'between']);
const REGEX_FLAGS = new Set(['d', 'g', 'i', 'm', 's', 'u', 'v']);
/** Deeper nesting than any hand-written rule needs; it bounds the recursion of compile and evaluation. */
export const MAX_CONDITION_DEPTH = 32;

export interface LfLabel {
  lfId: string;
  lfName: string;
}

function fail(code: string, lf: LfLabel, path: string, problem: string, extra: Record<string, unknown> = {}): never {
  throw new SiftError(code, `LF "${lf.lfName}": ${path ? `${path} ` : ''}${problem}`, { ...lf, path, ...extra });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Checks an LF definition as it comes from storage or an import (untrusted JSON) and says exactly what
 * is wrong and where: `condition.conditions[1].pattern does not compile: …`.
 */
export function validateLf(def: unknown, context: LfContext): asserts def is LfDef {
  if (!isRecord(def)) throw new SiftError('lf-invalid', 'A labeling function must be an object with id, name, condition and vote', {});
  const lf: LfLabel = { lfId: String(def.id ?? ''), lfName: String(def.name ?? def.id ?? '(unnamed)') };
  if (typeof def.id !== 'string' || def.id === '') fail('lf-invalid', lf, 'id', 'must be a non-empty string');
  if (typeof def.name !== 'string') fail('lf-invalid', lf, 'name', 'must be a string');
  if (!Number.isInteger(def.vote) || (def.vote as number) < 0 || (def.vote as number) >= context.classCount) {
    fail('lf-vote-range', lf, 'vote', `is ${JSON.stringify(def.vote)}, but the dataset's classes are 0–${context.classCount - 1}`, { vote: def.vote });
  }
  validateCondition(def.condition, context, lf, 'condition', 0);
}

function validateCondition(condition: unknown, context: LfContext, lf: LfLabel, path: string, depth: number): asserts condition is Condition {
  if (depth > MAX_CONDITION_DEPTH) fail('lf-invalid', lf, path, `nests more than ${MAX_CONDITION_DEPTH} levels deep`);
  if (!isRecord(condition)) fail('lf-invalid', lf, path, 'must be an object with a kind');
  const field = (name: unknown, required: boolean) => {
    if (name === undefined && !required) return;
    if (typeof name !== 'string' || name === '') fail('lf-invalid', lf, `${path}.field`, 'must name a field');
    if (name !== TEXT_FIELD && !context.fields.includes(name)) {
      fail('lf-unknown-field', lf, `${path}.field`, `"${name}" is not a field of this dataset (fields: ${[TEXT_FIELD, ...context.fields].join(', ')})`, { field: name });
    }
  };
  const comparison = () => {
    if (typeof condition.op !== 'string' || !COMPARE_OPS.has(condition.op)) fail('lf-invalid', lf, `${path}.op`, `must be one of ${[...COMPARE_OPS].join(' ')}`);
    if (!isFiniteNumber(condition.value)) fail('lf-invalid', lf, `${path}.value`, 'must be a finite number');
    if (condition.op === 'between' && (!isFiniteNumber(condition.max) || condition.max < condition.value)) {
      fail('lf-invalid', lf, `${path}.max`, `must be a number ≥ value (${condition.value}) for "between"`);
    }
  };
  const strings = (value: unknown, member: string) => {
    if (!Array.isArray(value) || value.length === 0 || !value.every((entry) => typeof entry === 'string')) {
      fail('lf-invalid', lf, `${path}.${member}`, 'must be a non-empty list of strings');
    }
  };

  switch (condition.kind) {
    case 'keyword':
      strings(condition.keywords, 'keywords');
      (condition.keywords as string[]).forEach((keyword, k) => {
        if (keyword.trim() === '') fail('lf-invalid', lf, `${path}.keywords[${k}]`, 'is empty');
      });
      if (condition.match !== 'any' && condition.match !== 'all') fail('lf-invalid', lf, `${path}.match`, 'must be "any" or "all"');
      if (typeof condition.wholeWord !== 'boolean') fail('lf-invalid', lf, `${path}.wholeWord`, 'must be true or false');
      if (typeof condition.caseSensitive !== 'boolean') fail('lf-invalid', lf, `${path}.caseSensitive`, 'must be true or false');
      field(condition.field, false);
      return;
    case 'regex': {
      if (typeof condition.pattern !== 'string' || condition.pattern === '') fail('lf-invalid', lf, `${path}.pattern`, 'must be a non-empty string');
      const flags = condition.flags ?? '';
      if (typeof flags !== 'string') fail('lf-invalid', lf, `${path}.flags`, 'must be a string of regex flags');
      for (const flag of flags) {
        if (flag === 'y') fail('lf-regex', lf, `${path}.flags`, 'uses "y" (sticky), which would only match at the start of the text; use ^ instead');
        if (!REGEX_FLAGS.has(flag)) fail('lf-regex', lf, `${path}.flags`, `has unknown flag "${flag}" (allowed: ${[...REGEX_FLAGS].join('')})`);
      }
      try {
        new RegExp(condition.pattern, flags);
      } catch (error) {
        fail('lf-regex', lf, `${path}.pattern`, `/${condition.pattern}/${flags} does not compile: ${(error as Error).message}`, { pattern: condition.pattern, flags });
      }
      field(condition.field, false);
      return;
    }
    case 'number':
      field(condition.field, true);
      comparison();
      return;
    case 'length':
      field(condition.field, false);
      if (condition.unit !== undefined && condition.unit !== 'chars' && condition.unit !== 'words') fail('lf-invalid', lf, `${path}.unit`, 'must be "chars" or "words"');
      comparison();
      return;
    case 'metadata':
      field(condition.field, true);
      strings(condition.values, 'values');
      if (condition.caseSensitive !== undefined && typeof condition.caseSensitive !== 'boolean') fail('lf-invalid', lf, `${path}.caseSensitive`, 'must be true or false');
      return;
    case 'similarity':
      strings(condition.exampleIds, 'exampleIds');
      if (!isFiniteNumber(condition.threshold) || condition.threshold < -1 || condition.threshold > 1) {
        fail('lf-invalid', lf, `${path}.threshold`, 'must be a cosine similarity between -1 and 1');
      }
      return;
    case 'and':
    case 'or':
      if (!Array.isArray(condition.conditions) || condition.conditions.length === 0) fail('lf-invalid', lf, `${path}.conditions`, 'must be a non-empty list of conditions');
      condition.conditions.forEach((child, c) => validateCondition(child, context, lf, `${path}.conditions[${c}]`, depth + 1));
      return;
    case 'not':
      validateCondition(condition.condition, context, lf, `${path}.condition`, depth + 1);
      return;
    default:
      fail('lf-invalid', lf, `${path}.kind`, `is ${JSON.stringify(condition.kind)}; expected keyword, regex, number, length, metadata, similarity, and, or or not`);
  }
}
