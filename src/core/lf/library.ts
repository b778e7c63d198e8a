import * as v from 'valibot';
import { SiftError } from '../errors';
import { TEXT_FIELD, type Condition, type JsLfDef, type LfDef } from './types';
import { validateLf } from './validate';
import { lfVersion } from './version';

/**
 * The LF library file: a dataset's LFs, to be used again in another dataset. Votes are stored as class
 * names, not indices, so an LF lands on the class of the same name wherever that class sits.
 */
export const LIBRARY_FORMAT = 'sift-lf-library';
export const LIBRARY_VERSION = 1;

const ruleEntry = v.object({ kind: v.literal('rule'), name: v.pipe(v.string(), v.trim(), v.minLength(1)), vote: v.pipe(v.string(), v.minLength(1)), condition: v.unknown() });
/** A JS LF returns class numbers: the file's `classes` say which class each number meant. */
const jsEntry = v.object({ kind: v.literal('js'), name: v.pipe(v.string(), v.trim(), v.minLength(1)), source: v.pipe(v.string(), v.minLength(1)) });

const librarySchema = v.object({
  format: v.literal(LIBRARY_FORMAT),
  version: v.literal(LIBRARY_VERSION),
  exportedAt: v.optional(v.string()),
  dataset: v.optional(v.object({ name: v.string(), fields: v.array(v.string()) })),
  classes: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1)),
  lfs: v.array(v.variant('kind', [ruleEntry, jsEntry])),
});

export type LfLibrary = v.InferOutput<typeof librarySchema>;
export type LibraryEntry = LfLibrary['lfs'][number];

/** An LF as stored in a dataset, as much as the library needs of it. */
export type LibrarySource = { kind: 'lf'; name: string; definition: LfDef } | { kind: 'js-lf'; name: string; definition: JsLfDef };

export function buildLibrary(sources: readonly LibrarySource[], classes: readonly string[], dataset: { name: string; fields: readonly string[] }, exportedAt = new Date().toISOString()): LfLibrary {
  return {
    format: LIBRARY_FORMAT,
    version: LIBRARY_VERSION,
    exportedAt,
    dataset: { name: dataset.name, fields: [...dataset.fields] },
    classes: [...classes],
    lfs: sources.map((source) =>
      source.kind === 'lf'
        ? { kind: 'rule' as const, name: source.name, vote: classes[source.definition.vote], condition: source.definition.condition }
        : { kind: 'js' as const, name: source.name, source: source.definition.source },
    ),
  };
}

function issueText(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  return `${path || 'the file'}: expected ${issue.expected ?? 'a valid value'}, got ${issue.received}`;
}

/** Reads a library file, checking its format, version and shape (not yet against any dataset). */
export function parseLibrary(text: string): LfLibrary {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SiftError('lf-library-invalid', `The LF library is not JSON: ${(error as Error).message}`);
  }
  const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (record.format !== LIBRARY_FORMAT) throw new SiftError('lf-library-invalid', `This is not a Sift LF library: "format" is ${JSON.stringify(record.format)}, expected "${LIBRARY_FORMAT}".`);
  if (typeof record.version === 'number' && record.version > LIBRARY_VERSION) {
    throw new SiftError('lf-library-newer', `The LF library is version ${record.version}, newer than this Sift reads (up to ${LIBRARY_VERSION}); update Sift to use it.`, { version: record.version });
  }
  const result = v.safeParse(librarySchema, json);
  if (!result.success) {
    const lines = result.issues.slice(0, 10).map(issueText);
    throw new SiftError('lf-library-invalid', `The LF library has ${result.issues.length} problem(s):\n${lines.map((line) => `- ${line}`).join('\n')}`, { problems: lines });
  }
  return result.output;
}

/** Every field a condition reads ('text' is every item's). */
export function fieldsRead(condition: Condition, into = new Set<string>()): Set<string> {
  switch (condition.kind) {
    case 'and':
    case 'or':
      condition.conditions.forEach((part) => fieldsRead(part, into));
      break;
    case 'not':
      fieldsRead(condition.condition, into);
      break;
    case 'similarity':
      break;
    default:
      if (condition.field !== undefined && condition.field !== TEXT_FIELD) into.add(condition.field);
  }
  return into;
}

export function exampleIdsOf(condition: Condition, into = new Set<string>()): Set<string> {
  if (condition.kind === 'similarity') condition.exampleIds.forEach((id) => into.add(id));
  else if (condition.kind === 'and' || condition.kind === 'or') condition.conditions.forEach((part) => exampleIdsOf(part, into));
  else if (condition.kind === 'not') exampleIdsOf(condition.condition, into);
  return into;
}

export interface ImportTarget {
  classes: readonly string[];
  fields: readonly string[];
  /** Rule LFs already in the dataset, by name and version: an identical one is not added twice. */
  existing: readonly { name: string; version: string }[];
  /** Of the example items similarity LFs name, those the dataset has. */
  itemIds: ReadonlySet<string>;
}

export type PlannedLf = { kind: 'lf'; name: string; definition: Omit<LfDef, 'id'> } | { kind: 'js-lf'; name: string; definition: Omit<JsLfDef, 'id'> };

export interface ImportPlan {
  add: PlannedLf[];
  /** Names of LFs the dataset already has, unchanged. */
  unchanged: string[];
}

/**
 * Checks every LF of a library against a dataset before anything is written: the fields it reads must
 * exist, the class it votes must exist by name, a JS LF's class indices must mean the same classes.
 * One problem anywhere refuses the whole import, and the error lists every LF's problem.
 */
export function planImport(library: LfLibrary, target: ImportTarget): ImportPlan {
  const problems: string[] = [];
  const plan: ImportPlan = { add: [], unchanged: [] };
  const known = new Set(target.existing.map((e) => `${e.name}\u0000${e.version}`));
  const fieldList = [TEXT_FIELD, ...target.fields].join(', ');
  library.lfs.forEach((entry) => {
    const lf = `LF "${entry.name}"`;
    if (entry.kind === 'js') {
      const sameOrder = library.classes.length === target.classes.length && library.classes.every((name, k) => target.classes[k] === name);
      if (!sameOrder) {
        problems.push(`${lf} is JavaScript and returns class numbers meaning ${library.classes.map((c, k) => `${k} = ${c}`).join(', ')}; this dataset's classes are ${target.classes.map((c, k) => `${k} = ${c}`).join(', ')}.`);
        return;
      }
      plan.add.push({ kind: 'js-lf', name: entry.name, definition: { name: entry.name, source: entry.source } });
      return;
    }
    const vote = classIndex(target.classes, entry.vote);
    if (vote < 0) {
      problems.push(`${lf} votes "${entry.vote}", a class this dataset does not have (its classes: ${target.classes.join(', ')}).`);
      return;
    }
    const draft = { id: 'import', name: entry.name, vote, condition: entry.condition };
    let condition: Condition;
    try {
      // Structure first, with every field allowed, so a missing field gets its own message below.
      validateLf(draft, { classCount: target.classes.length, fields: [...fieldsReadLoose(entry.condition)] });
      condition = draft.condition as Condition;
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return;
    }
    const missing = [...fieldsRead(condition)].filter((field) => !target.fields.includes(field));
    if (missing.length > 0) {
      problems.push(`${lf} reads ${missing.map((f) => `"${f}"`).join(', ')}, which ${missing.length === 1 ? 'is not a field' : 'are not fields'} of this dataset (fields: ${fieldList}).`);
      return;
    }
    const lost = [...exampleIdsOf(condition)].filter((id) => !target.itemIds.has(id));
    if (lost.length > 0) {
      problems.push(`${lf} compares items with example item${lost.length === 1 ? '' : 's'} ${lost.slice(0, 5).map((id) => `"${id}"`).join(', ')}${lost.length > 5 ? '…' : ''}, not in this dataset.`);
      return;
    }
    const definition = { name: entry.name, vote, condition };
    if (known.has(`${entry.name}\u0000${lfVersion({ id: 'import', ...definition })}`)) plan.unchanged.push(entry.name);
    else plan.add.push({ kind: 'lf', name: entry.name, definition });
  });
  if (problems.length > 0) {
    throw new SiftError('lf-library-mismatch', `Nothing was imported: ${problems.length} of ${library.lfs.length} LFs do not fit this dataset.\n${problems.map((p) => `- ${p}`).join('\n')}`, { problems });
  }
  return plan;
}

/** The class of that name; failing that, the one class whose name differs only in case ("spam" → "SPAM"). */
function classIndex(classes: readonly string[], name: string): number {
  const exact = classes.indexOf(name);
  if (exact >= 0) return exact;
  const folded = classes.flatMap((c, k) => (c.toLowerCase() === name.toLowerCase() ? [k] : []));
  return folded.length === 1 ? folded[0] : -1;
}

/** Field names anywhere in an unchecked condition, so structural validation does not stop at the first unknown field. */
function fieldsReadLoose(condition: unknown, into = new Set<string>()): Set<string> {
  if (typeof condition !== 'object' || condition === null) return into;
  const record = condition as Record<string, unknown>;
  if (typeof record.field === 'string') into.add(record.field);
  if (Array.isArray(record.conditions)) record.conditions.forEach((part) => fieldsReadLoose(part, into));
  if (record.condition) fieldsReadLoose(record.condition, into);
  return into;
}
