import * as v from 'valibot';
import { SiftError } from '../errors';
import { decisionProblem } from '../labelmodel/decision-schema';
import { validateLf } from '../lf/validate';
import { SPEC_FORMAT, SPEC_VERSION, specSchema } from './schema';
import type { PipelineSpec } from './types';

function issueText(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue) ?? '';
  return `${path || 'spec'}: expected ${issue.expected ?? 'a valid value'}, got ${issue.received}`;
}

const bad = (message: string, details: Record<string, unknown> = {}) => new SiftError('spec-invalid', message, details);

/**
 * Reads a pipeline spec (text or parsed JSON), checking everything a reader relies on before any work
 * starts: the format and version, the schema, every LF against the spec's own classes and fields, and
 * the fitted parameters' shape against the sources they name.
 */
export function parseSpec(input: unknown): PipelineSpec {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (error) {
      throw bad(`The pipeline spec is not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('The pipeline spec must be a JSON object.');
  const record = json as Record<string, unknown>;
  if (record.format !== SPEC_FORMAT) throw bad(`This is not a Sift pipeline spec: "format" is ${JSON.stringify(record.format)}, expected "${SPEC_FORMAT}".`);
  if (typeof record.version !== 'number' || !Number.isInteger(record.version) || record.version < 1) {
    throw bad(`The pipeline spec's "version" is ${JSON.stringify(record.version)}; expected a whole number ≥ 1.`);
  }
  if (record.version > SPEC_VERSION) {
    throw new SiftError('spec-newer', `The pipeline spec is version ${record.version}, newer than this Sift reads (up to ${SPEC_VERSION}); update Sift to use it.`, { version: record.version });
  }
  const result = v.safeParse(specSchema, json, { abortPipeEarly: true });
  if (!result.success) {
    const lines = result.issues.slice(0, 10).map(issueText);
    throw bad(`The pipeline spec has ${result.issues.length} problem(s):\n${lines.map((l) => `- ${l}`).join('\n')}`, { problems: lines });
  }
  const spec = result.output as PipelineSpec;
  const k = spec.classes.length;
  const context = { classCount: k, fields: spec.dataset.fields };
  const ids = new Set<string>();
  for (const lf of spec.lfs) {
    validateLf(lf, context);
    if (ids.has(lf.id)) throw bad(`Two LFs in the spec share the id "${lf.id}".`, { lfId: lf.id });
    ids.add(lf.id);
  }
  const lm = spec.labelModel;
  if (lm?.params) {
    const p = lm.params;
    if (p.m !== lm.sources.length) throw bad(`labelModel.params were fitted on ${p.m} sources, but labelModel.sources lists ${lm.sources.length}.`);
    if (p.k !== k) throw bad(`labelModel.params have ${p.k} classes, the spec ${k}.`);
    if (p.prior.length !== k || p.base.length !== k || p.delta.length !== p.m * k * k || p.sourceAccuracy.length !== p.m) {
      throw bad(`labelModel.params have arrays of the wrong length for ${p.m} sources × ${k} classes (prior ${p.prior.length}, base ${p.base.length}, delta ${p.delta.length}, sourceAccuracy ${p.sourceAccuracy.length}).`);
    }
  }
  if (spec.calibration?.method === 'histogram' && spec.calibration.histogram.edges.length + 1 !== spec.calibration.histogram.values.length) {
    throw bad('calibration.histogram needs one value more than edges (a value per bin, an edge between bins).');
  }
  if (spec.thresholds && spec.thresholds.length !== k) throw bad(`thresholds has ${spec.thresholds.length} entries for ${k} classes.`);
  if (spec.decision) {
    const problem = decisionProblem(spec.decision, k);
    if (problem) throw bad(`decision: ${problem}.`, { decision: spec.decision });
    if (!lm) throw bad('decision: a decision turns a label model\'s outputs into labels, but the spec has no labelModel.');
  }
  return spec;
}
