import { SiftError } from '../core/errors';
import { checkGate, validateGate, type GateCriteria, type GateVerdict } from '../core/snapshot/gate';
import type { CanaryMetrics } from '../core/snapshot/types';
import { boundedWrite, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { audit } from './datasets';
import { db, type GateRecord, type Snapshot } from './db';
import { gateDrift } from './drift';
import { takeSnapshot } from './snapshots';

/** A dataset's canary gate; a dataset without one has no criteria (everything passes). */
export async function getGate(datasetId: string): Promise<GateRecord> {
  return (await db().gates.get(datasetId)) ?? { datasetId, criteria: {}, accepted: null };
}

/**
 * Stores the gate's criteria with an audit entry, checked against the dataset's classes in the same
 * transaction. Bounded like an LF save: the user waits on the form, so a store held elsewhere must
 * become an error (and a save given up on is not stored later).
 */
export async function saveGateCriteria(datasetId: string, criteria: GateCriteria, withinMs = USER_WRITE_DEADLINE_MS): Promise<GateRecord> {
  const d = db();
  return boundedWrite('Saving the canary gate', [d.datasets, d.gates, d.audit], async () => {
    const dataset = await d.datasets.get(datasetId);
    if (!dataset) throw new Error('This dataset does not exist.');
    const problem = validateGate(criteria, dataset.classes.length);
    if (problem) throw new SiftError('gate-invalid', problem);
    const record = { ...(await getGate(datasetId)), criteria };
    await d.gates.put(record);
    await audit(datasetId, 'gate', { criteria });
    return record;
  }, withinMs);
}

export interface GateCheck {
  snapshot: Snapshot;
  /** The canary metrics the verdict judged: the snapshot's label model's, or those of the exported result. */
  metrics: CanaryMetrics | null;
  verdict: GateVerdict;
  gate: GateRecord;
}

/** Freezes the current label state and checks its canary metrics against the gate. */
export async function checkCurrentGate(datasetId: string, reason: string): Promise<GateCheck> {
  const snapshot = await takeSnapshot(datasetId, { by: 'auto', reason });
  const gate = await getGate(datasetId);
  const dataset = (await db().datasets.get(datasetId))!;
  const noDrift = gate.criteria.noDrift;
  const drift = noDrift ? await gateDrift({ datasetId, reference: noDrift.reference, current: noDrift.current }) : null;
  const verdict = checkGate(gate.criteria, snapshot.canary, dataset.classes.map((c) => c.name), gate.accepted && { name: gate.accepted.name, metrics: gate.accepted.metrics }, drift);
  return { snapshot, metrics: snapshot.canary, verdict, gate };
}

/**
 * Checks `metrics` (another result than the current label model: a student, an older run, a snapshot)
 * against the gate, drift criterion included. The state is still frozen in a snapshot (a new one unless
 * `snapshot` is given) so the export can name it.
 */
export async function judgeGate(datasetId: string, reason: string, metrics: CanaryMetrics | null, snapshot?: Snapshot): Promise<GateCheck> {
  const frozen = snapshot ?? (await takeSnapshot(datasetId, { by: 'auto', reason }));
  const gate = await getGate(datasetId);
  const dataset = (await db().datasets.get(datasetId))!;
  const noDrift = gate.criteria.noDrift;
  const drift = noDrift ? await gateDrift({ datasetId, reference: noDrift.reference, current: noDrift.current }) : null;
  const verdict = checkGate(gate.criteria, metrics, dataset.classes.map((c) => c.name), gate.accepted && { name: gate.accepted.name, metrics: gate.accepted.metrics }, drift);
  return { snapshot: frozen, metrics, verdict, gate };
}

/** The snapshot later drops are measured against. Only snapshots with canary metrics can be accepted. */
export async function acceptSnapshot(datasetId: string, snapshot: Snapshot, metrics: CanaryMetrics | null = snapshot.canary): Promise<void> {
  if (!metrics) return;
  const d = db();
  await d.transaction('rw', [d.gates, d.audit], async () => {
    const gate = await getGate(datasetId);
    await d.gates.put({ ...gate, accepted: { snapshotId: snapshot.id, name: snapshot.name, at: snapshot.createdAt, metrics } });
    await audit(datasetId, 'accept-snapshot', { snapshotId: snapshot.id });
  });
}
