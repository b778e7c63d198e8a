/**
 * A run as stored: a discriminated union by `kind`, each with the params, results and checkpoint it
 * writes. Results are all optional: a run is written "running" with empty results and filled in as it
 * ends. Objects are loose, so keys a kind adds later pass through; the keys the app reads are typed.
 * Array and report fields of results are checked for their outer shape only (they are shown, not
 * computed on), which keeps reading a run list cheap.
 */
import * as v from 'valibot';
import type { Calibrator } from '../calibration';
import type { CalibrationReport } from '../calibration/metrics';
import type { BaselineRow, MethodRow, SplitCounts } from '../weak/compare';
import type { Decision } from '../labelmodel/decision';
import type { LabelModelParams } from '../labelmodel/types';
import type { StudentInput } from '../student/card';

const array = <T>(what: string) => v.custom<T[]>(Array.isArray, `${what} (an array)`);
const object = <T>(what: string) => v.custom<T>((x) => typeof x === 'object' && x !== null, `${what} (an object)`);
const opt = v.optional;

export const runStatuses = ['running', 'done', 'failed', 'cancelled', 'interrupted'] as const;

/** What any run's results may carry once it stopped (lifecycle bookkeeping). */
const ended = {
  error: opt(v.string()),
  code: opt(v.string()),
  supersededBy: opt(v.string()),
  discarded: opt(v.boolean()),
  columnsDropped: opt(v.boolean()),
};

const inputSchema = v.looseObject({ sourceId: v.string(), version: v.nullable(v.string()), revision: opt(v.number()) });

const base = {
  id: v.string(),
  datasetId: v.string(),
  status: v.picklist(runStatuses),
  createdAt: v.number(),
  finishedAt: opt(v.number()),
  /** Source ids and versions the run read, with the revision of each source's vote column then. */
  inputs: v.array(inputSchema),
};

const labelModelRun = v.looseObject({
  ...base,
  kind: v.literal('label-model'),
  params: v.looseObject({ method: opt(v.string()), ties: opt(v.picklist(['random', 'abstain'])), priorFromDev: opt(v.boolean()), poolLabels: opt(v.boolean()), seed: opt(v.number()), importedFrom: opt(v.unknown()), restoredFrom: opt(v.unknown()) }),
  results: v.looseObject({
    ...ended,
    chosen: opt(v.string()),
    selectedBy: opt(v.string()),
    rows: opt(array<MethodRow>('method rows')),
    counts: opt(object<SplitCounts>('split counts')),
    prior: opt(v.picklist(['model', 'dev'])),
    coverage: opt(v.number()),
    sourceAccuracy: opt(array<number>('source accuracies')),
    note: opt(v.string()),
    metric: opt(v.string()),
    decision: opt(object<Decision>('decision')),
    baseline: opt(v.nullable(object<BaselineRow>('baseline'))),
    warnings: opt(v.array(v.string())),
    classes: opt(v.array(v.string())),
    /** The fitted label model's parameters, for the pipeline spec (typed arrays once stored). */
    model: opt(object<LabelModelParams>('label model parameters')),
  }),
  checkpoint: opt(v.looseObject({})),
});

const applyRun = v.looseObject({
  ...base,
  kind: v.literal('apply-lfs'),
  params: v.looseObject({ sources: v.array(v.string()) }),
  results: v.looseObject({ ...ended, items: opt(v.number()), votes: opt(v.record(v.string(), v.number())), ms: opt(v.number()) }),
  checkpoint: opt(v.looseObject({})),
});

const modelRef = v.object({ kind: v.picklist(['builtin', 'user']), id: v.string() });

/** What a teacher or embedder run needs to be started or resumed identically. */
export const modelRunParamsSchema = v.looseObject({
  model: modelRef,
  /** Stable key of the model in column and source names (its registry id). */
  modelKey: v.string(),
  modelName: v.string(),
  /** SHA-256 of the model files (hex): the source's version, and a resumed run must see the same. */
  modelHash: v.string(),
  runtime: v.picklist(['onnx', 'tfjs', 'builtin']),
  task: v.picklist(['classify', 'embed']),
  deviceChoice: v.picklist(['auto', 'webgpu', 'wasm']),
  batchSize: v.number(),
  /** classify: teacher label → dataset class (-1: none), the dataset's class count, the vote threshold. */
  labelMap: opt(v.array(v.number())),
  teacherLabels: opt(v.array(v.string())),
  classCount: opt(v.number()),
  threshold: opt(v.nullable(v.number())),
  /** classify: the card's decision over the teacher's labels (an exported student's, tuned on dev); absent: argmax. */
  decision: opt(object<Decision>('decision')),
  sourceId: opt(v.string()),
  /** Output columns this run writes. */
  columns: v.array(v.string()),
});

export const modelRunCheckpointSchema = v.looseObject({
  /** First chunk not yet written. */
  nextChunk: v.number(),
  itemsDone: v.number(),
  device: v.string(),
  reason: v.string(),
  /** Chunk the run (re)started from in this session, for the items/s shown. */
  sessionStart: opt(v.number()),
  /** Whether this source record was created by this run (so a failed run can remove it). */
  createdSource: opt(v.boolean()),
});

export interface FirstPrediction {
  /** From asking for the run (or resuming it) to the first batch's outputs. */
  ms: number;
  /** Of that, opening the model's runtime (with onnxruntime's start when it was not running yet). */
  runtimeMs: number;
  /** true: a warm start; false: the runtime started for this run; null: no runtime to start (built-in embedder, TF.js). */
  runtimeWasReady: boolean | null;
}

const modelRunResults = v.looseObject({
  ...ended,
  device: opt(v.string()),
  reason: opt(v.string()),
  items: opt(v.number()),
  itemsThisSession: opt(v.number()),
  seconds: opt(v.number()),
  itemsPerS: opt(v.number()),
  resumedFromChunk: opt(v.nullable(v.number())),
  fallbacks: opt(v.array(v.string())),
  firstPrediction: opt(v.nullable(object<FirstPrediction>('first prediction'))),
  dim: opt(v.nullable(v.number())),
  agreement: opt(v.object({ accuracy: v.nullable(v.number()), voted: v.number(), labeled: v.number() })),
  votes: opt(v.number()),
});

const modelRun = <K extends 'teacher' | 'embed'>(kind: K) =>
  v.looseObject({ ...base, kind: v.literal(kind), params: modelRunParamsSchema, results: modelRunResults, checkpoint: opt(modelRunCheckpointSchema) });

const studentRun = v.looseObject({
  ...base,
  kind: v.literal('student'),
  params: v.looseObject({ arch: opt(v.string()), mode: opt(v.string()), name: opt(v.string()) }),
  results: v.looseObject({
    ...ended,
    name: opt(v.string()),
    backend: opt(v.looseObject({ backend: v.string(), reason: opt(v.string()) })),
    features: opt(v.string()),
    /** The raw-item input a registry export rebuilds (null: the student reads an embedding column). */
    input: opt(v.nullable(object<StudentInput>('student input'))),
    classNames: opt(v.array(v.string())),
    seeds: opt(v.number()),
    devItems: opt(v.number()),
    /** Dev items the student trained on (devSeeds): never part of its dev comparison with a label model. */
    devTrainedOn: opt(v.array(v.number())),
    pool: opt(v.number()),
    trainedOn: opt(v.string()),
    history: opt(array<unknown>('history')),
    bestEpoch: opt(v.number()),
    earlyStoppingMetric: opt(v.string()),
    /** How its stored (uncalibrated) probabilities become labels: tuned on dev for the dataset's metric. Absent on older runs: argmax. */
    decision: opt(object<Decision>('decision')),
    dev: opt(v.nullable(v.looseObject({ accuracy: v.number(), nll: opt(v.number()) }))),
    rounds: opt(array<StudentRound>('rounds')),
    exportedModelId: opt(v.string()),
    /** Whether trained weights are stored for this run (in the `runWeights` table, by run id). */
    hasWeights: opt(v.boolean()),
  }),
  checkpoint: opt(v.looseObject({})),
});

export interface StudentRound {
  round: number;
  accepted: number;
  acceptedPerClass: number[];
  /** `metric`: the dataset's metric on dev, when the round was judged by it (older runs: accuracy only). */
  dev: { accuracy: number; metric?: number } | null;
  improved: boolean;
  thresholds: unknown;
  /** Pseudo-label thresholds chosen by the metric: each precision target tried, and the one kept. */
  candidates?: { target: number; accepted: number; devMetric: number }[];
  keptTarget?: number;
}

const roundRun = v.looseObject({
  ...base,
  kind: v.literal('pseudo-label-round'),
  params: v.looseObject({ parentRunId: v.string(), round: v.number() }),
  results: v.looseObject({ ...ended }),
  checkpoint: opt(v.looseObject({})),
});

const calibrationRun = v.looseObject({
  ...base,
  kind: v.literal('calibration'),
  params: v.looseObject({ key: v.string(), method: v.string(), fitOn: opt(v.string()), restoredFrom: opt(v.unknown()) }),
  results: v.looseObject({
    ...ended,
    name: opt(v.string()),
    calibrator: opt(object<Calibrator>('calibrator')),
    before: opt(object<CalibrationReport>('report before')),
    after: opt(object<CalibrationReport>('report after')),
    /**
     * A teacher's or student's votes from the calibrated outputs go by this: its dev-tuned decision on raw
     * outputs restated for the calibrator, or tuned again (see core/calibration/decision.ts). Absent: argmax.
     */
    decision: opt(object<Decision>('decision')),
    decisionHow: opt(v.picklist(['unchanged', 'restated', 'retuned'])),
  }),
  checkpoint: opt(v.looseObject({})),
});

/** A refit of the review loop: one point of the review curve once done (see src/data/review-refits.ts). */
const reviewRefitRun = v.looseObject({
  ...base,
  kind: v.literal('review-refit'),
  params: v.looseObject({ reviewed: v.number() }),
  results: v.looseObject({
    ...ended,
    reviewed: opt(v.number()),
    at: opt(v.number()),
    metric: opt(v.string()),
    canary: opt(v.nullable(v.number())),
    labelModelCanary: opt(v.nullable(v.number())),
    labelModelRunId: opt(v.string()),
    studentRunId: opt(v.string()),
  }),
  checkpoint: opt(v.looseObject({})),
});

/** Confident learning on out-of-fold student probabilities (workers/student/label-issues.ts). */
const labelIssuesRun = v.looseObject({
  ...base,
  kind: v.literal('label-issues'),
  params: v.looseObject({ against: v.picklist(['given', 'predicted']), folds: v.number() }),
  results: v.looseObject({
    ...ended,
    against: opt(v.picklist(['given', 'predicted'])),
    folds: opt(v.number()),
    features: opt(v.string()),
    backend: opt(v.string()),
    rows: opt(array<unknown>('issue rows')),
    confidentJoint: opt(array<unknown>('confident joint')),
    flagged: opt(v.number()),
    checked: opt(v.number()),
  }),
  checkpoint: opt(v.looseObject({})),
});

/** A diverse subset: k-center greedy on stored vectors, saved as a selection (workers/weak/diversity.ts). */
const diversityRun = v.looseObject({
  ...base,
  kind: v.literal('diversity'),
  params: v.looseObject({ name: v.string(), size: v.number(), embedderId: v.string(), within: v.nullable(v.string()) }),
  results: v.looseObject({
    ...ended,
    name: opt(v.string()),
    picked: opt(v.number()),
    candidates: opt(v.number()),
    sampled: opt(v.number()),
    radius: opt(v.number()),
    before: opt(v.array(v.number())),
    after: opt(v.array(v.number())),
    afterWeight: opt(v.array(v.number())),
    labelsFrom: opt(v.string()),
    ms: opt(v.number()),
  }),
  checkpoint: opt(v.looseObject({})),
});

/** Near-duplicate clusters (workers/weak/dedupe.ts): text by MinHash LSH + exact Jaccard, else cosine radius on vectors; exact copies by content. */
const dedupeRun = v.looseObject({
  ...base,
  kind: v.literal('dedupe'),
  params: v.looseObject({ threshold: v.number(), method: v.picklist(['text', 'vectors', 'exact']) }),
  results: v.looseObject({
    ...ended,
    method: opt(v.picklist(['text', 'vectors', 'exact'])),
    threshold: opt(v.number()),
    vectors: opt(v.nullable(v.string())),
    items: opt(v.number()),
    pairs: opt(v.number()),
    exactGroups: opt(v.number()),
    clusters: opt(array<number[]>('clusters')),
    keep: opt(array<number>('kept items')),
    disagreeing: opt(array<number>('disagreeing clusters')),
    labelModelRunId: opt(v.nullable(v.string())),
    ms: opt(v.number()),
  }),
  checkpoint: opt(v.looseObject({})),
});

export const runSchema = v.variant('kind', [labelModelRun, applyRun, modelRun('teacher'), modelRun('embed'), studentRun, roundRun, calibrationRun, reviewRefitRun, labelIssuesRun, diversityRun, dedupeRun]);

export type Run = v.InferOutput<typeof runSchema>;
export type RunKind = Run['kind'];
export type RunStatus = Run['status'];
export type RunOf<K extends RunKind> = Extract<Run, { kind: K }>;
export type RunInput = Run['inputs'][number];
export type ModelRunParams = v.InferOutput<typeof modelRunParamsSchema>;
export type ModelRunCheckpoint = v.InferOutput<typeof modelRunCheckpointSchema>;
export type ModelRunResults = v.InferOutput<typeof modelRunResults>;
export type ModelRun = RunOf<'teacher'> | RunOf<'embed'>;
export type LabelModelRun = RunOf<'label-model'>;
export type StudentRun = RunOf<'student'>;
export type CalibrationRun = RunOf<'calibration'>;

type Distribute<T, K extends keyof T> = T extends unknown ? Pick<T, K> : never;
/** What starting a run of some kind names (the rest is written by the lifecycle). */
export type RunStart = Distribute<Run, 'id' | 'datasetId' | 'kind' | 'params' | 'inputs'>;
