import { SiftError } from '../core/errors';
import { checkGate, validateGate, type GateCriteria, type GateVerdict } from '../core/snapshot/gate';
import { audit } from './datasets';
import { db, type GateRecord, type Snapshot } from './db';
import { gateDrift } from './drift';
import { takeSnapshot } from './snapshots';

/** A dataset's canary gate; a dataset without one has no criteria (everything passes). */
export async function getGate(datasetId: string): Promise<GateRecord> {
  return (await db().gates.get(datasetId)) ?? { datasetId, criteria: {}, accepted: null };
}

export async function saveGateCriteria(datasetId: string, criteria: GateCriteria): Promise<GateRecord> {
  const d = db();
  const dataset = await d.datasets.get(datasetId);
  if (!dataset) throw new Error('This dataset does not exist.');
  const problem = validateGate(criteria, dataset.classes.length);
  if (problem) throw new SiftError('gate-invalid', problem);
  return d.transaction('rw', [d.gates, d.audit], async () => {
    const record = { ...(await getGate(datasetId)), criteria };
    await d.gates.put(record);
    await audit(datasetId, 'gate', { criteria });
    return record;
  });
}

export interface GateCheck {
  snapshot: Snapshot;
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
  return { snapshot, verdict, gate };
}

/** The snapshot later drops are measured against. Only snapshots with canary metrics can be accepted. */
export async function acceptSnapshot(datasetId: string, snapshot: Snapshot): Promise<void> {
  if (!snapshot.canary) return;
  const d = db();
  await d.transaction('rw', [d.gates, d.audit], async () => {
    const gate = await getGate(datasetId);
    await d.gates.put({ ...gate, accepted: { snapshotId: snapshot.id, name: snapshot.name, at: snapshot.createdAt, metrics: snapshot.canary! } });
    await audit(datasetId, 'accept-snapshot', { snapshotId: snapshot.id });
  });
}
