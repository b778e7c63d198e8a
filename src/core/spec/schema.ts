import * as v from 'valibot';
import { decisionSchema } from '../labelmodel/decision-schema';
import { methodNames } from '../labelmodel/types';

/**
 * The pipeline spec: one JSON file that carries a pipeline designed in the app to another engine (the
 * CLI over DuckDB, Spark SQL) and back. Documented in README.md next to this file; bump SPEC_VERSION
 * on any change a reader of the previous version would misread, and keep reading the older versions.
 */
export const SPEC_FORMAT = 'sift-pipeline';
export const SPEC_VERSION = 1;

export const SPEC_METRICS = ['macro_f1', 'accuracy', 'f1'] as const;

const finite = v.pipe(v.number(), v.finite());
const probability = v.pipe(finite, v.minValue(0), v.maxValue(1));
const name = v.pipe(v.string(), v.minLength(1));

/** A fitted label model as plain arrays (LabelModelParams with its typed arrays spelled out). */
const paramsSchema = v.strictObject({
  method: v.picklist(methodNames),
  m: v.pipe(v.number(), v.integer(), v.minValue(1)),
  k: v.pipe(v.number(), v.integer(), v.minValue(2)),
  prior: v.array(probability),
  kind: v.picklist(['counts', 'loglinear']),
  link: v.picklist(['softmax', 'ovr']),
  base: v.array(v.union([finite, v.null()])),
  delta: v.array(v.union([finite, v.null()])),
  ties: v.picklist(['random', 'abstain']),
  sourceAccuracy: v.array(v.union([finite, v.null()])),
  iterations: v.pipe(v.number(), v.integer(), v.minValue(0)),
  converged: v.boolean(),
  usesDevLabels: v.boolean(),
  note: v.string(),
});

const labelModelSchema = v.strictObject({
  method: v.picklist(methodNames),
  ties: v.picklist(['random', 'abstain']),
  /** 'dev': the class prior came from dev labels (kept in params.prior); 'model': the method's own. */
  prior: v.picklist(['model', 'dev']),
  seed: v.pipe(v.number(), v.integer()),
  /** The LF ids whose votes the fitted parameters read, in column order (a subset of `lfs` or more). */
  sources: v.array(name),
  params: v.nullable(paramsSchema),
});

const calibrationSchema = v.variant('method', [
  v.strictObject({ method: v.literal('temperature'), temperature: v.pipe(finite, v.gtValue(0)) }),
  v.strictObject({
    method: v.literal('histogram'),
    histogram: v.strictObject({ edges: v.array(probability), values: v.array(probability) }),
  }),
]);

const notPortableSchema = v.strictObject({ id: name, name: v.string(), kind: name, reason: name });

export const specSchema = v.strictObject({
  format: v.literal(SPEC_FORMAT),
  version: v.literal(SPEC_VERSION),
  createdAt: v.string(),
  dataset: v.strictObject({ name: v.string(), fields: v.array(name) }),
  classes: v.pipe(v.array(name), v.minLength(2)),
  metric: v.picklist(SPEC_METRICS),
  /** Declarative LFs (LfDef: id, name, condition, vote), in the order of their vote columns. */
  lfs: v.array(v.looseObject({ id: name, name: v.string(), condition: v.unknown(), vote: v.number() })),
  notPortable: v.array(notPortableSchema),
  labelModel: v.nullable(labelModelSchema),
  calibration: v.nullable(calibrationSchema),
  /** Per class, the least calibrated probability that makes it the label (null: no floor); below it the label is -1. */
  thresholds: v.nullable(v.array(v.nullable(probability))),
  /**
   * The label model's decision, tuned on dev for the metric (a binary threshold or class weights on its
   * raw outputs); it labels as the app does. Absent (specs from before it was written): calibrated argmax.
   */
  decision: v.optional(decisionSchema),
});

export type SpecParams = v.InferOutput<typeof paramsSchema>;
export type SpecLabelModel = v.InferOutput<typeof labelModelSchema>;
export type SpecMetric = (typeof SPEC_METRICS)[number];
