/**
 * A label source as stored: a discriminated union by `kind`, with the definition each kind writes.
 * Objects are loose (unknown keys pass through) so a record written by a later minor version still
 * reads; the keys the app relies on are checked by type.
 */
import * as v from 'valibot';
import type { Decision } from '../labelmodel/decision';
import type { Condition } from '../lf/types';

const conditionKinds = ['keyword', 'regex', 'number', 'length', 'metadata', 'similarity', 'and', 'or', 'not'];

/** A condition's full check needs the dataset (fields, classes): at read time only its shape is checked. */
const condition = v.custom<Condition>((c) => typeof c === 'object' && c !== null && conditionKinds.includes(String((c as { kind?: unknown }).kind)), 'a condition object with a known kind');

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const voteBasisSchema = v.object({
  from: v.picklist(['raw', 'calibrated']),
  calibrationRunId: v.optional(v.string()),
  note: v.optional(v.string()),
});

// id and name repeat the source's own (which win); records of some paths were written without them.
export const lfDefinitionSchema = v.object({ id: v.optional(v.string()), name: v.optional(v.string()), condition, vote: count });
export const jsLfDefinitionSchema = v.object({ id: v.optional(v.string()), name: v.optional(v.string()), source: v.string() });

const modelRef = v.object({ kind: v.picklist(['builtin', 'user']), id: v.string() });

/** Threshold, label map and vote basis: what turns a teacher's or student's probabilities into votes. */
const probabilistic = {
  threshold: v.optional(v.nullable(v.number())),
  labelMap: v.optional(v.array(v.number())),
  votesFrom: v.optional(voteBasisSchema),
};

export const teacherDefinitionSchema = v.looseObject({
  ...probabilistic,
  model: v.optional(modelRef),
  modelKey: v.optional(v.string()),
  modelName: v.optional(v.string()),
  modelHash: v.optional(v.string()),
  runtime: v.optional(v.picklist(['onnx', 'tfjs', 'builtin'])),
  teacherLabels: v.optional(v.array(v.string())),
  /** The model card's decision over `teacherLabels` (an exported student's, tuned on dev); absent: argmax. */
  decision: v.optional(v.custom<Decision>((x) => typeof x === 'object' && x !== null, 'decision (an object)')),
  runId: v.optional(v.string()),
});

export const studentDefinitionSchema = v.looseObject({
  ...probabilistic,
  runId: v.optional(v.string()),
  arch: v.optional(v.string()),
  features: v.optional(v.unknown()),
  labels: v.optional(v.array(v.string())),
});

export const importedDefinitionSchema = v.looseObject({ format: v.optional(v.string()) });

const base = {
  id: v.string(),
  datasetId: v.string(),
  name: v.string(),
  /** Version of the definition/model that made the stored votes; null until they are computed. */
  version: v.nullable(v.string()),
  createdAt: v.number(),
  updatedAt: v.number(),
  /** Whether the label model uses this source. */
  enabled: v.boolean(),
  /** When its stored votes were last written (a teacher run, a new threshold, a calibration). */
  votesAt: v.optional(v.number()),
};

export const sourceSchema = v.variant('kind', [
  v.looseObject({ ...base, kind: v.literal('lf'), definition: lfDefinitionSchema }),
  v.looseObject({ ...base, kind: v.literal('js-lf'), definition: jsLfDefinitionSchema }),
  v.looseObject({ ...base, kind: v.literal('teacher'), definition: teacherDefinitionSchema }),
  v.looseObject({ ...base, kind: v.literal('student'), definition: studentDefinitionSchema }),
  v.looseObject({ ...base, kind: v.literal('imported'), definition: v.nullish(importedDefinitionSchema, null) }),
  v.looseObject({ ...base, kind: v.literal('human'), definition: v.nullish(v.looseObject({}), null) }),
]);

export type Source = v.InferOutput<typeof sourceSchema>;
export type SourceKind = Source['kind'];
export type SourceOf<K extends SourceKind> = Extract<Source, { kind: K }>;
/** Some fields of a source, still discriminated by kind. */
export type SourceFields<F extends keyof Source> = Source extends infer S ? (S extends Source ? Pick<S, F | 'kind'> : never) : never;
export type LfDefinition = v.InferOutput<typeof lfDefinitionSchema>;
export type JsLfDefinition = v.InferOutput<typeof jsLfDefinitionSchema>;
export type TeacherDefinition = v.InferOutput<typeof teacherDefinitionSchema>;
export type StudentDefinition = v.InferOutput<typeof studentDefinitionSchema>;
export type VoteBasis = v.InferOutput<typeof voteBasisSchema>;

/** An LF carries its id and name in its definition too (they are part of what is hashed, exported and shown). */
export function withNamedDefinition(source: Source): Source {
  if (source.kind === 'lf') return { ...source, definition: { ...source.definition, id: source.id, name: source.name } };
  if (source.kind === 'js-lf') return { ...source, definition: { ...source.definition, id: source.id, name: source.name } };
  return source;
}
