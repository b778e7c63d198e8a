import { cardImportPlan, looksLikeDatasetCard, parseDatasetCard } from '../../core/formats/hf-card';
import { relativePath } from '../../data/import-images';

/** Class names the wizard starts from when a dataset card names them. */
export interface ClassHint {
  column: string;
  names: string[];
  /** Where they came from, shown in the wizard. */
  from: string;
}

export interface CardSplit {
  /** True when a dataset card was among the files: import `files` through the wizard with `hint`. */
  isCard: boolean;
  files: File[];
  hint: ClassHint | null;
  /** The card's folder, as the dataset's name. */
  name: string | null;
}

const README = /(^|\/)README\.md$/i;

/**
 * A Hugging Face dataset folder (README.md card + data files, picked as files, a folder or a ZIP):
 * the data files to import, train first, and the card's ClassLabel names. A README.md that is not a
 * dataset card is set aside (it is not data); a card that cannot be used throws its reason.
 */
export async function separateDatasetCard(files: File[]): Promise<CardSplit> {
  const readme = files.find((f) => README.test(relativePath(f)));
  if (!readme) return { isCard: false, files, hint: null, name: null };
  const text = await readme.text();
  const rest = files.filter((f) => f !== readme);
  if (!looksLikeDatasetCard(text)) return { isCard: false, files: rest, hint: null, name: null };
  const card = parseDatasetCard(text);
  const byPath = new Map(rest.map((f) => [relativePath(f), f]));
  const plan = cardImportPlan(card, [...byPath.keys()]);
  const folder = relativePath(readme).split('/').slice(-2, -1)[0] ?? null;
  return {
    isCard: true,
    files: plan.dataFiles.map((path) => byPath.get(path)!),
    hint: plan.labelColumn ? { column: plan.labelColumn, names: plan.classNames, from: relativePath(readme) } : null,
    name: folder || null,
  };
}
