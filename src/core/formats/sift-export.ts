import Papa from 'papaparse';
import { SiftError } from '../errors';

/**
 * Reading a Sift export back (CSV or JSONL with its lineage sidecar, or Parquet whose lineage travels
 * as `sift.lineage` metadata) into plain rows: what the export wrote, undone.
 */

export interface SiftLineage {
  app: 'Sift';
  exported_at?: string;
  dataset: { id: string; name: string; items: number; classes: string[] };
  model_run: { id: string; kind: string; params?: Record<string, unknown>; results?: Record<string, unknown>; probabilities?: string; inputs?: { source_id: string; version: string | null }[] } | null;
  sources?: { id: string; name: string; kind: string; version: string | null; enabled: boolean; column: string }[];
  snapshot?: { id: string; name: string };
  [key: string]: unknown;
}

export interface SiftRow {
  id: string;
  text: string;
  fields: Record<string, string>;
  label: string | null;
  labelSource: string | null;
  labeledAt: number | null;
  split: string;
  /** The model's label and per-class probabilities, in lineage class order. */
  modelLabel: string | null;
  probs: number[] | null;
  /** Per lineage source: the class it voted, or null. */
  votes: (string | null)[];
  /** The synthetic batch the row belongs to (0 = a real item). */
  synthetic: number;
}

const SYNTHETIC_COLUMNS = ['synthetic', 'synthetic_batch', 'training_weight'];

/** A synthetic_batch cell: empty or 0 = real, else a batch number 1–255. */
function batchNumber(value: unknown, row: number): number {
  if (value === null || value === undefined || value === '' || value === 0 || value === '0') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 255) throw new SiftError('sift-import/synthetic', `Row ${row + 1}: synthetic_batch "${String(value)}" is not a batch number (1–255).`);
  return n;
}

export function parseLineage(text: string, fileName: string): SiftLineage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SiftError('sift-import/lineage', `${fileName} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  const lineage = value as SiftLineage;
  if (!lineage || lineage.app !== 'Sift' || !Array.isArray(lineage.dataset?.classes))
    throw new SiftError('sift-import/lineage', `${fileName} is not the lineage of a Sift export (it needs "app": "Sift" and the dataset's classes).`);
  return lineage;
}

const NEUTRALISED = /^'[=+\-@\t\r]/;
/** The export prefixes cells a spreadsheet would run with "'": take it off again. */
const unneutralise = (cell: string) => (NEUTRALISED.test(cell) ? cell.slice(1) : cell);
const RESERVED = new Set(['id', 'text', 'label', 'label_source', 'labeled_at', 'split', 'model_label', 'model_confidence', 'model_run']);

function fromTable(records: Record<string, unknown>[], lineage: SiftLineage, header: string[], format: string): SiftRow[] {
  const classes = lineage.dataset.classes;
  const voteColumns = (lineage.sources ?? []).map((s) => s.column);
  const probColumns = classes.map((c) => `p_${c}`);
  for (const required of ['id', 'text', 'label', 'label_source', 'split'])
    if (!header.includes(required)) throw new SiftError('sift-import/columns', `This ${format} has no "${required}" column: it is not a Sift export.`);
  const missingVotes = voteColumns.filter((c) => !header.includes(c));
  if (missingVotes.length) throw new SiftError('sift-import/columns', `The lineage names source columns this ${format} lacks: ${missingVotes.join(', ')}.`);
  const hasSynthetic = Boolean(lineage.synthetic) && header.includes('synthetic_batch');
  const known = new Set([...RESERVED, ...probColumns, ...voteColumns, ...(hasSynthetic ? SYNTHETIC_COLUMNS : [])]);
  const fieldColumns = header.filter((h) => !known.has(h));
  const hasModel = probColumns.every((c) => header.includes(c));
  const str = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : unneutralise(String(v)));
  const orNull = (v: unknown) => (str(v) === '' ? null : str(v));
  return records.map((r, row) => {
    const at = r.labeled_at instanceof Date ? r.labeled_at.getTime() : orNull(r.labeled_at) ? Date.parse(str(r.labeled_at)) : null;
    return {
      id: str(r.id),
      text: str(r.text),
      // A kept column named like a reserved one was exported as field_<name>.
      fields: Object.fromEntries(fieldColumns.map((f) => [f.startsWith('field_') && (RESERVED.has(f.slice(6)) || (hasSynthetic && SYNTHETIC_COLUMNS.includes(f.slice(6)))) ? f.slice(6) : f, str(r[f])])),
      label: orNull(r.label),
      labelSource: orNull(r.label_source),
      labeledAt: at,
      split: str(r.split) || 'train',
      modelLabel: hasModel ? orNull(r.model_label) : null,
      probs: hasModel && orNull(r[probColumns[0]]) !== null ? probColumns.map((c) => Number(r[c])) : null,
      votes: voteColumns.map((c) => orNull(r[c])),
      synthetic: hasSynthetic ? batchNumber(r.synthetic_batch, row) : 0,
    };
  });
}

export function parseSiftCsv(text: string, lineage: SiftLineage): SiftRow[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  if (parsed.errors.length) {
    const e = parsed.errors[0];
    throw new SiftError('sift-import/csv', `The CSV does not parse at row ${(e.row ?? 0) + 2}: ${e.message}.`);
  }
  return fromTable(parsed.data, lineage, parsed.meta.fields ?? [], 'CSV');
}

export function parseSiftParquet(records: Record<string, unknown>[], header: string[], lineage: SiftLineage): SiftRow[] {
  return fromTable(records, lineage, header, 'Parquet file');
}

export function parseSiftJsonl(text: string, lineage: SiftLineage): SiftRow[] {
  const classes = lineage.dataset.classes;
  const voteColumns = (lineage.sources ?? []).map((s) => s.column);
  const rows: SiftRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line);
    } catch (error) {
      throw new SiftError('sift-import/jsonl', `Line ${i + 1} of the JSONL is not valid JSON: ${error instanceof Error ? error.message : error}`);
    }
    if (typeof r.id !== 'string' || typeof r.text !== 'string') throw new SiftError('sift-import/jsonl', `Line ${i + 1} of the JSONL has no id and text: it is not a Sift export.`);
    const model = r.model as { label: string; probs: Record<string, number> } | null | undefined;
    const votes = (r.votes ?? {}) as Record<string, string | null>;
    rows.push({
      id: r.id,
      text: r.text,
      fields: Object.fromEntries(Object.entries((r.fields ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')])),
      label: (r.label as string | null) ?? null,
      labelSource: (r.label_source as string | null) ?? null,
      labeledAt: typeof r.labeled_at === 'string' ? Date.parse(r.labeled_at) : null,
      split: typeof r.split === 'string' ? r.split : 'train',
      modelLabel: model?.label ?? null,
      probs: model ? classes.map((c) => Number(model.probs[c])) : null,
      votes: voteColumns.map((c) => votes[c] ?? null),
      synthetic: lineage.synthetic ? batchNumber(r.synthetic_batch, rows.length) : 0,
    });
  });
  return rows;
}
