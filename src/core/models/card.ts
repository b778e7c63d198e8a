/**
 * The model card: a JSON file that says what a model does and how to feed it (task, input kind,
 * preprocessing, tensor names/dtypes/shapes, label names), where it came from and how good it is.
 * Field names are snake_case because the card is a file people write by hand and share.
 * `parseCard` checks the JSON against the schema; `validateCard` (card-validate.ts) checks it against a
 * model's real inputs and outputs.
 */
import * as v from 'valibot';
import { SiftError } from '../errors';
import { DECISION_KINDS, decisionProblem, decisionSchema } from '../labelmodel/decision-schema';
import { DEFAULT_HASHED_NGRAMS } from '../features/text-hash';
import { DEFAULT_IMAGE_PIXELS, DEFAULT_IMAGE_PREPROCESSING } from '../features/image';

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
const finite = v.pipe(v.number(), v.finite());
const ngramRange = v.nullable(v.pipe(v.tuple([positiveInt, positiveInt]), v.check(([lo, hi]) => lo <= hi && hi <= 16, 'must be [min, max] with min ≤ max ≤ 16')));

export const DTYPES = ['float32', 'float16', 'float64', 'int64', 'int32', 'int16', 'int8', 'uint8', 'uint16', 'uint32', 'uint64', 'bool', 'string', 'bfloat16'] as const;
/** A dimension: a fixed size, a symbolic name ('batch', 'sequence'), or null/-1 for "any". */
const dimSchema = v.union([v.pipe(v.number(), v.integer(), v.minValue(-1)), v.pipe(v.string(), v.minLength(1)), v.null()]);

const tensorSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  dtype: v.picklist(DTYPES),
  shape: v.array(dimSchema),
});

const outputSchema = v.strictObject({
  ...tensorSchema.entries,
  /** logits: softmax is applied by Sift; probabilities: rows already sum to 1; embedding: a vector per item. */
  role: v.picklist(['logits', 'probabilities', 'embedding']),
});

const d = DEFAULT_HASHED_NGRAMS;
const hashedNgramsSchema = v.strictObject({
  kind: v.literal('hashed-ngrams'),
  version: v.optional(v.literal(1), 1),
  dim: v.optional(v.pipe(positiveInt, v.minValue(2), v.maxValue(1 << 24)), d.dim),
  seed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff)), d.seed),
  lowercase: v.optional(v.boolean(), d.lowercase),
  decode_html: v.optional(v.boolean(), d.decode_html),
  word_ngrams: v.optional(ngramRange, () => d.word_ngrams && [...d.word_ngrams]),
  char_ngrams: v.optional(ngramRange, () => d.char_ngrams && [...d.char_ngrams]),
  word_weight: v.optional(v.pipe(finite, v.gtValue(0)), d.word_weight),
  char_weight: v.optional(v.pipe(finite, v.gtValue(0)), d.char_weight),
  sublinear_tf: v.optional(v.boolean(), d.sublinear_tf),
  max_chars: v.optional(positiveInt, d.max_chars),
});

const i = DEFAULT_IMAGE_PREPROCESSING;
const imageSchema = v.strictObject({
  kind: v.literal('image'),
  width: v.pipe(positiveInt, v.maxValue(4096)),
  height: v.pipe(positiveInt, v.maxValue(4096)),
  channels: v.picklist([1, 3]),
  layout: v.picklist(['NCHW', 'NHWC']),
  resize: v.optional(v.picklist(['area', 'bilinear']), i.resize),
  scale: v.optional(v.pipe(finite, v.check((x) => x !== 0, 'must not be 0')), i.scale),
  mean: v.array(finite),
  std: v.array(v.pipe(finite, v.gtValue(0))),
  background: v.optional(v.pipe(finite, v.minValue(0), v.maxValue(255)), i.background),
});

const imagePixelsSchema = v.strictObject({
  kind: v.literal('image-pixels'),
  version: v.optional(v.literal(1), 1),
  grid: v.optional(v.pipe(positiveInt, v.maxValue(256)), DEFAULT_IMAGE_PIXELS.grid),
  channels: v.optional(v.picklist([1, 3]), DEFAULT_IMAGE_PIXELS.channels),
  background: v.optional(v.pipe(finite, v.minValue(0), v.maxValue(255)), DEFAULT_IMAGE_PIXELS.background),
  center: v.optional(v.boolean(), DEFAULT_IMAGE_PIXELS.center),
});

const tokenizerSchema = v.strictObject({
  kind: v.literal('tokenizer'),
  /** The tokenizer file in the model folder (Hugging Face tokenizer.json). */
  file: v.optional(v.string(), 'tokenizer.json'),
  max_length: v.pipe(positiveInt, v.maxValue(65536)),
  padding: v.optional(v.picklist(['max_length', 'longest']), 'longest'),
  truncation: v.optional(v.boolean(), true),
  /** Which model input gets which tokenizer output. */
  inputs: v.strictObject({
    input_ids: v.string(),
    attention_mask: v.optional(v.string()),
    token_type_ids: v.optional(v.string()),
  }),
  /** For an embedder whose output is per token ([batch, sequence, hidden]): how to make one vector. */
  pooling: v.optional(v.picklist(['none', 'cls', 'mean']), 'none'),
});

const tableSchema = v.strictObject({
  kind: v.literal('table'),
  columns: v.pipe(v.array(v.strictObject({ name: v.pipe(v.string(), v.minLength(1)), mean: v.optional(finite, 0), std: v.optional(v.pipe(finite, v.gtValue(0)), 1) })), v.minLength(1)),
});

export const preprocessingSchema = v.variant('kind', [hashedNgramsSchema, imageSchema, imagePixelsSchema, tokenizerSchema, tableSchema]);

const metricSchema = v.strictObject({
  dataset: v.string(),
  split: v.string(),
  n: positiveInt,
  name: v.string(),
  value: finite,
  /** The class a per-class metric is about. */
  label: v.optional(v.string()),
});

export const cardSchema = v.strictObject({
  format: v.literal('sift-model-card'),
  format_version: v.literal(1),
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"')),
  name: v.pipe(v.string(), v.minLength(1)),
  version: v.pipe(v.string(), v.minLength(1)),
  description: v.optional(v.string()),
  task: v.picklist(['classify', 'embed']),
  input_kind: v.picklist(['text', 'image', 'table']),
  /** builtin: computed by Sift's own code, no model file (the built-in embedders). */
  runtime: v.picklist(['onnx', 'tfjs-layers', 'tfjs-graph', 'builtin']),
  /** Model files relative to the card, per format the model is available in. */
  files: v.optional(v.strictObject({ onnx: v.optional(v.string()), tfjs: v.optional(v.string()) }), {}),
  preprocessing: preprocessingSchema,
  inputs: v.array(tensorSchema),
  outputs: v.pipe(v.array(outputSchema), v.minLength(1)),
  /** Class names in the order of the output's columns. */
  labels: v.optional(v.array(v.string())),
  license: v.strictObject({ model: v.string(), data: v.optional(v.string()), notes: v.optional(v.string()) }),
  provenance: v.strictObject({
    data: v.string(),
    split: v.optional(v.string()),
    source: v.optional(v.string()),
    trained_by: v.optional(v.string()),
    rebuild: v.optional(v.string()),
    reproducibility: v.optional(v.string()),
  }),
  metrics: v.optional(v.array(metricSchema), []),
  /**
   * How the classifier's probabilities become its vote, tuned on dev when it was trained (an exported
   * Sift student's threshold or class weights, over `labels`); absent: argmax.
   */
  decision: v.optional(decisionSchema),
});

export type ModelCard = v.InferOutput<typeof cardSchema>;
export type CardInput = v.InferInput<typeof cardSchema>;
export type Preprocessing = ModelCard['preprocessing'];
export type CardTensor = ModelCard['inputs'][number];
export type CardOutput = ModelCard['outputs'][number];

/** One thing wrong with a card, phrased for the person editing it. */
export interface CardProblem {
  code: string;
  /** Dotted path into the card ('preprocessing.mean', 'outputs[0].shape'), '' for the card as a whole. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`)).join('').replace(/^\./, '');
}

function issueMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'unknown field (not part of a Sift model card; check the spelling)';
  if (issue.type === 'strict_object' && issue.received === 'undefined') return 'is required';
  if (issue.type === 'strict_object' || issue.type === 'object') return `expected an object, got ${issue.received}`;
  if (issue.type === 'check') return issue.message;
  if (issue.type === 'variant' && issuePath(issue).startsWith('decision')) return `kind must be one of ${DECISION_KINDS}, got ${JSON.stringify(issue.input)}`;
  if (issue.type === 'variant') return `kind must be one of 'hashed-ngrams', 'image', 'image-pixels', 'tokenizer', 'table', got ${JSON.stringify(issue.input)}`;
  return `expected ${issue.expected ?? 'a valid value'}, got ${issue.received}${issue.message && !issue.message.startsWith('Invalid') ? ` (${issue.message})` : ''}`;
}

/** Schema problems of a card, each with a path and a plain message; the parsed card when there are none. */
export function parseCard(json: unknown): { card: ModelCard; problems: [] } | { card: null; problems: CardProblem[] } {
  const result = v.safeParse(cardSchema, json, { abortPipeEarly: true });
  if (result.success) {
    const wrong = decisionOf(result.output);
    if (!wrong) return { card: result.output, problems: [] };
    return { card: null, problems: [{ code: 'schema', path: 'decision', message: `decision: ${wrong}`, severity: 'error' }] };
  }
  return {
    card: null,
    problems: result.issues.map((issue) => {
      const path = issuePath(issue);
      return { code: 'schema', path, message: `${path || 'card'}: ${issueMessage(issue)}`, severity: 'error' as const };
    }),
  };
}

/** What is wrong with the card's decision against its task and labels, or null. */
function decisionOf(card: ModelCard): string | null {
  if (!card.decision) return null;
  if (card.task !== 'classify') return `only a classifier decides labels; this card's task is '${card.task}'`;
  if (!card.labels) return 'a decision needs the card\'s labels (the classes it decides between)';
  const problem = decisionProblem(card.decision, card.labels.length);
  return problem && `${problem} (the card lists ${card.labels.length} labels)`;
}

/** Parses or throws a SiftError listing every schema problem. */
export function cardOrThrow(json: unknown): ModelCard {
  const parsed = parseCard(json);
  if (parsed.card) return parsed.card;
  throw new SiftError('bad-card', `The model card has ${parsed.problems.length} problem(s):\n${parsed.problems.map((p) => `- ${p.message}`).join('\n')}`, { problems: parsed.problems });
}
