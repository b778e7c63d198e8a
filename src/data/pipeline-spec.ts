import type { Calibrator } from '../core/calibration/index';
import { SiftError } from '../core/errors';
import { methodNames } from '../core/labelmodel/types';
import { validateLf } from '../core/lf/validate';
import { lfVersion } from '../core/lf/version';
import { buildSpec, parseSpec, type PipelineSpec } from '../core/spec/index';
import { audit } from './datasets';
import { db, type Source } from './db';
import { listRuns } from './runs';
import { listSources, newSourceId, saveSource } from './sources';
import { latestCalibrationOf } from './students';

/** The dataset's pipeline as a spec: enabled sources, the newest label-model run's fit and its calibration. */
export async function exportPipelineSpec(datasetId: string): Promise<PipelineSpec> {
  const dataset = await db().datasets.get(datasetId);
  if (!dataset) throw new SiftError('spec-dataset', 'This dataset no longer exists.');
  const sources = await listSources(datasetId);
  const run = (await listRuns(datasetId, 'label-model')).find((r) => r.status === 'done');
  // An imported run may name a method this version does not know: the spec then carries no label model.
  const method = methodNames.find((m) => m === run?.results.chosen);
  let calibration: Calibrator | null = null;
  if (run) {
    const latest = await latestCalibrationOf(datasetId, run.id);
    const calibrationRun = latest && (await db().runs.get(latest.runId));
    calibration = (calibrationRun?.kind === 'calibration' ? calibrationRun.results.calibrator : undefined) ?? null;
  }
  return buildSpec({
    datasetName: dataset.name,
    fields: dataset.fields,
    classes: dataset.classes.map((c) => c.name),
    sources,
    labelModel: run && method
      ? {
          method,
          ties: run.params.ties ?? 'random',
          prior: run.results.prior === 'dev' ? 'dev' : 'model',
          seed: Number(run.params.seed ?? 0),
          sourceIds: run.inputs.map((i) => i.sourceId),
          // Runs made before parameters were stored carry none: the spec says so (null) rather than guess.
          params: run.results.model ?? null,
        }
      : null,
    calibration,
    // The labels the app shows are this decision on the run's raw outputs; the spec carries it so other engines label alike.
    decision: run && method ? run.results.decision : null,
  });
}

export interface SpecImport {
  added: string[];
  /** LFs the dataset already has (same definition and name). */
  unchanged: string[];
  notPortable: string[];
}

/**
 * Adds a spec's LFs to a dataset as rule sources (not applied yet). Everything is checked first, against
 * this dataset's classes and fields, so a spec that does not fit adds nothing.
 */
export async function importPipelineSpec(datasetId: string, text: string): Promise<SpecImport> {
  const spec = parseSpec(text);
  const dataset = await db().datasets.get(datasetId);
  if (!dataset) throw new SiftError('spec-dataset', 'This dataset no longer exists.');
  const classes = dataset.classes.map((c) => c.name);
  if (classes.length !== spec.classes.length) {
    throw new SiftError('spec-classes', `The spec has ${spec.classes.length} classes (${spec.classes.join(', ')}), this dataset ${classes.length} (${classes.join(', ')}).`);
  }
  for (const lf of spec.lfs) validateLf(lf, { classCount: classes.length, fields: dataset.fields });
  const existing = await listSources(datasetId);
  const known = new Set(existing.filter((s) => s.kind === 'lf').map((s) => `${s.name}\u0000${lfVersion(s.definition)}`));
  const result: SpecImport = { added: [], unchanged: [], notPortable: spec.notPortable.map((s) => s.name) };
  let now = Date.now();
  for (const lf of spec.lfs) {
    if (known.has(`${lf.name}\u0000${lfVersion(lf)}`)) {
      result.unchanged.push(lf.name);
      continue;
    }
    const id = (await db().sources.get(lf.id)) ? newSourceId() : lf.id;
    // Distinct times keep the spec's order, which is the order of the vote columns.
    now += 1;
    const source: Source = { id, datasetId, kind: 'lf', name: lf.name, version: null, definition: { ...lf, id }, createdAt: now, updatedAt: now, enabled: true };
    await saveSource(source);
    result.added.push(lf.name);
  }
  await audit(datasetId, 'import-spec', { specVersion: spec.version, createdAt: spec.createdAt, added: result.added });
  return result;
}
