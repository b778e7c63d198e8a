import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { replay } from '../core/labels';
import { useDatabase } from './db';
import { holdStores, settledWithin } from './test-hold';
import { absorb, followLabels, loadLabelState, replicaOf, undoLabels, undoneSeqs, writeLabels, type LabelReplica } from './labels';

const N = 20;
let dbCount = 0;

/** A tab: its own replica of the dataset's labels, loaded from the shared store. */
async function openTab(): Promise<LabelReplica> {
  const { state, events } = await loadLabelState('d', N);
  return replicaOf('d', state, events);
}

const range = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => from + i);
const seenBy = (tab: LabelReplica, items: Uint32Array) => Int16Array.from(items, (i) => tab.state.label[i]);

/** The labels the store holds (replayed from the log). */
async function stored(): Promise<number[]> {
  return Array.from((await loadLabelState('d', N)).state.label);
}

/** The latest set event this tab wrote and nobody undid. */
const lastOwn = (own: number[]) => (tab: LabelReplica) => {
  const undone = undoneSeqs(tab.events);
  const seq = [...own].reverse().find((s) => !undone.has(s));
  return tab.events.find((e) => e.seq === seq) ?? null;
};

beforeEach(() => {
  useDatabase(`labels-${++dbCount}`);
});

describe('label writes as compare-and-set across tabs', () => {
  it('an overlapping bulk label from a stale tab stops with the conflict count, then skips or overwrites as chosen', async () => {
    const a = await openTab();
    const b = await openTab();
    await writeLabels(a, range(0, 10), seenBy(a, range(0, 10)), 1, 'you', 'ask');
    // Tab B still shows items 5..14 unlabeled and labels them 0: items 5..9 were labeled 1 in tab A.
    const seen = seenBy(b, range(5, 15));
    const asked = await writeLabels(b, range(5, 15), seen, 0, 'you', 'ask');
    expect(asked).toMatchObject({ event: null, conflicts: 5, absorbed: 1 });
    expect(await stored()).toEqual([...Array(10).fill(1), ...Array(10).fill(-1)]);
    // Tab B caught up in the same transaction: it now shows tab A's labels.
    expect(Array.from(b.state.label)).toEqual(await stored());

    const skipped = await writeLabels(b, range(5, 15), seen, 0, 'you', 'skip');
    expect(skipped.conflicts).toBe(5);
    expect(Array.from(skipped.event!.items)).toEqual([10, 11, 12, 13, 14]);
    expect(await stored()).toEqual([...Array(10).fill(1), ...Array(5).fill(0), ...Array(5).fill(-1)]);

    const overwritten = await writeLabels(b, range(5, 15), seen, 0, 'you', 'overwrite');
    expect(Array.from(overwritten.event!.items)).toEqual([5, 6, 7, 8, 9]);
    // The previous labels recorded are the stored ones (tab A's 1s), not what tab B had in memory.
    expect(Array.from(overwritten.event!.prev)).toEqual([1, 1, 1, 1, 1]);
    expect(await stored()).toEqual([...Array(5).fill(1), ...Array(10).fill(0), ...Array(5).fill(-1)]);
  });

  it('two tabs bulk-labeling overlapping items at the same moment: one writes, the other is told, nothing is half/half', async () => {
    const a = await openTab();
    const b = await openTab();
    const [ra, rb] = await Promise.all([
      writeLabels(a, range(0, 12), seenBy(a, range(0, 12)), 1, 'you', 'ask'),
      writeLabels(b, range(4, 16), seenBy(b, range(4, 16)), 0, 'you', 'ask'),
    ]);
    const winner = ra.event ? ra : rb;
    const loser = ra.event ? rb : ra;
    expect(winner.event!.items.length).toBe(12);
    expect(loser).toMatchObject({ event: null, conflicts: 8 });
    const labels = await stored();
    expect(labels.filter((l) => l !== -1)).toHaveLength(12);
    expect(new Set(labels.filter((l) => l !== -1)).size).toBe(1);
  });

  it('a stale undo reverts only what is still its own and never overwrites the other tab silently', async () => {
    const a = await openTab();
    const b = await openTab();
    const own: number[] = [];
    const first = await writeLabels(a, range(0, 10), seenBy(a, range(0, 10)), 1, 'you', 'ask');
    own.push(first.event!.seq!);
    await writeLabels(b, range(5, 15), seenBy(b, range(5, 15)), 0, 'you', 'overwrite');

    const asked = await undoLabels(a, lastOwn(own), 'ask');
    expect(asked).toMatchObject({ event: null, conflicts: 5 });
    expect(asked.target!.seq).toBe(first.event!.seq);
    expect(await stored()).toEqual([...Array(5).fill(1), ...Array(10).fill(0), ...Array(5).fill(-1)]);

    const skipped = await undoLabels(a, lastOwn(own), 'skip');
    expect(Array.from(skipped.event!.items)).toEqual([0, 1, 2, 3, 4]);
    expect(await stored()).toEqual([...Array(5).fill(-1), ...Array(10).fill(0), ...Array(5).fill(-1)]);
    // Undone once is undone: nothing of tab A's is left to undo.
    expect((await undoLabels(a, lastOwn(own), 'ask')).target).toBeNull();
    expect(Array.from(a.state.label)).toEqual(await stored());
  });

  it('absorbs events once and in order, whichever of the write or the live feed brings them first', async () => {
    const a = await openTab();
    const b = await openTab();
    const written = await writeLabels(a, range(0, 3), seenBy(a, range(0, 3)), 1, 'you', 'ask');
    expect(absorb(b, [written.event!])).toBe(1);
    expect(absorb(b, [written.event!])).toBe(0);
    expect(b.events).toHaveLength(1);
    expect(Array.from(b.state.label)).toEqual(Array.from(replay(N, a.events).label));
  });

  it('follows labels written by another tab without a reload', async () => {
    const a = await openTab();
    const b = await openTab();
    const arrived = new Promise<number>((resolve, reject) => {
      const stop = followLabels(b, (events) => {
        absorb(b, events);
        if (b.state.label[7] === 1) {
          stop();
          resolve(b.lastSeq);
        }
      }, reject);
    });
    await writeLabels(a, Uint32Array.of(7), Int16Array.of(-1), 1, 'you', 'ask');
    expect(await arrived).toBe(a.lastSeq);
  });

  it('a label or undo the store does not start in time fails with a specific error and writes nothing later', async () => {
    const a = await openTab();
    await writeLabels(a, range(0, 1), seenBy(a, range(0, 1)), 1, 'you', 'overwrite');
    const holder = await holdStores(`labels-${dbCount}`, ['labelEvents']);
    const label = settledWithin(writeLabels(a, range(1, 2), seenBy(a, range(1, 2)), 1, 'you', 'overwrite', 300), 5_000);
    expect(await label).toMatch(/^Labeling did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    const undo = settledWithin(undoLabels(a, (tab) => tab.events.at(-1) ?? null, 'overwrite', 300), 5_000);
    expect(await undo).toMatch(/^Undoing did not start: the browser's storage did not answer within 0.3 s /);
    await holder.release();
    // Neither lands later, and the tab's replica still says what the store holds.
    expect((await stored()).slice(0, 3)).toEqual([1, -1, -1]);
    expect(Array.from(a.state.label.slice(0, 3))).toEqual([1, -1, -1]);
    await writeLabels(a, range(1, 2), seenBy(a, range(1, 2)), 1, 'you', 'overwrite');
    expect((await stored()).slice(0, 3)).toEqual([1, 1, -1]);
  });
});
