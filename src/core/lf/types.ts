/**
 * Labeling-function definitions: plain JSON data (stored in IndexedDB, exported, hashed for versions).
 * A rule LF votes `vote` where its condition holds and abstains (-1) elsewhere.
 */

/** The field name that means "the item's text" rather than one of its metadata fields. */
export const TEXT_FIELD = 'text';

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=' | 'between';

export interface KeywordCondition {
  kind: 'keyword';
  keywords: string[];
  /** 'any': one keyword is enough; 'all': every keyword must occur. */
  match: 'any' | 'all';
  /** Keyword edges that are letters/digits must not touch another letter/digit/underscore. */
  wholeWord: boolean;
  caseSensitive: boolean;
  /** Defaults to the item text. */
  field?: string;
}

export interface RegexCondition {
  kind: 'regex';
  pattern: string;
  /** JavaScript flags from "gimsuvd"; 'g' is ignored (a test needs no position), 'y' is refused. */
  flags?: string;
  field?: string;
}

/** A numeric field compared with `value` (and `max` for 'between', inclusive). Empty or non-numeric → false. */
export interface NumberCondition {
  kind: 'number';
  field: string;
  op: CompareOp;
  value: number;
  max?: number;
}

/** Length of a field in Unicode code points ('chars', default) or whitespace-separated words. */
export interface LengthCondition {
  kind: 'length';
  field?: string;
  unit?: 'chars' | 'words';
  op: CompareOp;
  value: number;
  max?: number;
}

/** The field equals one of `values` (a single value is "equals"). Case-sensitive unless told otherwise. */
export interface MetadataCondition {
  kind: 'metadata';
  field: string;
  values: string[];
  caseSensitive?: boolean;
}

/** Cosine similarity between the item's vector and the nearest example item's vector ≥ threshold. */
export interface SimilarityCondition {
  kind: 'similarity';
  exampleIds: string[];
  threshold: number;
}

export interface AndCondition {
  kind: 'and';
  conditions: Condition[];
}
export interface OrCondition {
  kind: 'or';
  conditions: Condition[];
}
export interface NotCondition {
  kind: 'not';
  condition: Condition;
}

export type Condition =
  | KeywordCondition
  | RegexCondition
  | NumberCondition
  | LengthCondition
  | MetadataCondition
  | SimilarityCondition
  | AndCondition
  | OrCondition
  | NotCondition;

export type ConditionKind = Condition['kind'];

export interface LfDef {
  id: string;
  name: string;
  condition: Condition;
  /** Class index voted where the condition holds. */
  vote: number;
}

/** A JavaScript LF: `source` evaluates to `(item) => classIndex | -1`; it only ever runs in the sandbox worker. */
export interface JsLfDef {
  id: string;
  name: string;
  source: string;
}

/**
 * One chunk of items, columnar. `fields` holds metadata columns as strings (as imported); `vectors`
 * (row-major n×dim) are the items' embeddings when they were precomputed.
 */
export interface LfChunk {
  text: string[];
  fields: Record<string, string[]>;
  vectors?: Float32Array;
  dim?: number;
}

/** Turns a text into a vector (by default the built-in hashed n-gram featurizer). */
export type TextEmbedder = (text: string) => Float32Array;

export interface ExampleItem {
  text: string;
  /** Used as is when present; otherwise the text is embedded. */
  vector?: Float32Array;
}

/** What an LF is compiled against: the dataset's classes, fields and (for similarity) vectors. */
export interface LfContext {
  classCount: number;
  /** Metadata field names the dataset's items carry (the text is always available as 'text'). */
  fields: readonly string[];
  /** Embeds texts for similarity LFs when a chunk carries no precomputed vectors. */
  embed?: TextEmbedder;
  /** Looks up an example item of a similarity LF by id. */
  example?: (id: string) => ExampleItem | undefined;
}
