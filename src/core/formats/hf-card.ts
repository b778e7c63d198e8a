import { parse, stringify } from 'yaml';

/**
 * A Hugging Face dataset card (README.md with YAML front matter). Only what a label set needs is read
 * and written: each feature's type, the names of `ClassLabel` features, and the splits.
 */
export type CardFeature = { name: string; dtype: string } | { name: string; classNames: string[] };

export interface DatasetCard {
  features: CardFeature[];
  splits: { name: string; numExamples: number }[];
}

/** The README.md of an exported dataset: front matter for the Hub's loaders, then a short description. */
export function writeDatasetCard(card: DatasetCard, title: string, description: string): string {
  const features = card.features.map((f) =>
    'classNames' in f ? { name: f.name, dtype: { class_label: { names: Object.fromEntries(f.classNames.map((n, i) => [String(i), n])) } } } : { name: f.name, dtype: f.dtype },
  );
  const front = {
    dataset_info: { features, splits: card.splits.map((s) => ({ name: s.name, num_examples: s.numExamples })) },
    configs: [{ config_name: 'default', data_files: card.splits.map((s) => ({ split: s.name, path: `data/${s.name}-*` })) }],
  };
  // A title or description that looks like Markdown stays Markdown: it is below the front matter.
  return `---\n${stringify(front, { singleQuote: true })}---\n\n# ${title}\n\n${description}\n`;
}

/** Whether a file's text starts with YAML front matter that declares dataset features. */
export function looksLikeDatasetCard(text: string): boolean {
  return /^---\r?\n[\s\S]*?\bdataset_info\s*:/.test(text.slice(0, 64 * 1024));
}

/**
 * Reads the features and splits of a dataset card. A card without front matter, or whose front matter
 * is not YAML, is refused with the reason; `class_label` names may be a map ("0": ham) or a list.
 */
export function parseDatasetCard(text: string): DatasetCard {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text);
  if (!match) throw new Error('README.md has no YAML front matter (--- … ---): it is not a Hugging Face dataset card.');
  let front: unknown;
  try {
    front = parse(match[1]);
  } catch (error) {
    throw new Error(`README.md's front matter is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
  const info = (front as { dataset_info?: unknown } | null)?.dataset_info;
  // A card with several configs lists dataset_info per config: the first one is the default.
  const first = (Array.isArray(info) ? info[0] : info) as { features?: unknown; splits?: unknown } | undefined;
  if (!first || !Array.isArray(first.features)) throw new Error('README.md declares no dataset_info.features: Sift cannot tell which column holds the labels.');
  const features: CardFeature[] = first.features.map((raw: unknown, i: number) => {
    const f = raw as { name?: unknown; dtype?: unknown; class_label?: unknown };
    if (typeof f?.name !== 'string') throw new Error(`README.md: feature ${i + 1} has no name.`);
    const classLabel = (f.class_label ?? (typeof f.dtype === 'object' && f.dtype !== null ? (f.dtype as { class_label?: unknown }).class_label : undefined)) as { names?: unknown } | undefined;
    if (classLabel) return { name: f.name, classNames: classNamesOf(f.name, classLabel.names) };
    return { name: f.name, dtype: typeof f.dtype === 'string' ? f.dtype : 'unknown' };
  });
  const splits = Array.isArray(first.splits)
    ? first.splits.map((s: { name?: unknown; num_examples?: unknown }) => ({ name: String(s.name), numExamples: Number(s.num_examples ?? 0) }))
    : [];
  return { features, splits };
}

function classNamesOf(feature: string, names: unknown): string[] {
  if (Array.isArray(names)) return names.map(String);
  if (names && typeof names === 'object') {
    const entries = Object.entries(names as Record<string, unknown>).map(([k, v]) => [Number(k), String(v)] as const);
    if (entries.some(([k]) => !Number.isInteger(k) || k < 0)) throw new Error(`README.md: the class_label names of "${feature}" must be keyed 0, 1, 2, …`);
    const out: string[] = [];
    for (const [k, v] of entries) out[k] = v;
    if (out.length !== entries.length) throw new Error(`README.md: the class_label names of "${feature}" skip an index.`);
    return out;
  }
  throw new Error(`README.md: the class_label of "${feature}" lists no names.`);
}

/** Which Hub split a Sift split is exported as: dev is the validation set, the canary the test set. */
export const HF_SPLIT_OF: Record<string, string> = { train: 'train', dev: 'validation', canary: 'test' };

export interface CardImportPlan {
  /** The ClassLabel feature that holds the labels, and its class names by index. */
  labelColumn: string | null;
  classNames: string[];
  /** The data files to import, train first (then validation, test, the rest by name). */
  dataFiles: string[];
}

const DATA_FILE = /\.(parquet|csv|tsv|jsonl|ndjson|json)$/i;
const SPLIT_ORDER = ['train', 'validation', 'test'];

/** What to import from a dataset folder (README.md card + data files), given its file paths. */
export function cardImportPlan(card: DatasetCard, paths: readonly string[]): CardImportPlan {
  const label = card.features.find((f): f is { name: string; classNames: string[] } => 'classNames' in f);
  const rank = (path: string) => {
    const base = path.split('/').pop()!.toLowerCase();
    const at = SPLIT_ORDER.findIndex((s) => base.startsWith(s));
    return at < 0 ? SPLIT_ORDER.length : at;
  };
  const candidates = paths.filter((p) => DATA_FILE.test(p) && !/(^|\/)\./.test(p));
  // The Hub's layout keeps the splits under data/: when it is there, files beside the card (a lineage, notes) are not data.
  const underData = candidates.filter((p) => /(^|\/)data\//.test(p));
  const dataFiles = (underData.length > 0 ? underData : candidates).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (dataFiles.length === 0) throw new Error('The folder has a dataset card but no data files (Parquet, CSV or JSON Lines) next to it.');
  return { labelColumn: label?.name ?? null, classNames: label?.classNames ?? [], dataFiles };
}

/** Raw label value → class index for a ClassLabel column: its integer codes, and its names as written. */
export function classLabelValues(classNames: readonly string[]): Record<string, number> {
  const values: Record<string, number> = {};
  classNames.forEach((name, i) => {
    values[String(i)] = i;
    values[name] = i;
  });
  return values;
}
