import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDatabase, type SiftDb } from './db';
import { flagForReview } from './review-flags';
import { holdStores, settledWithin } from './test-hold';

let database: SiftDb;
let n = 0;
beforeEach(() => {
  database = useDatabase(`review-flags-${n++}`);
});
const flag = { item: 7, runId: 'run-lm-1', suggested: 1, confidence: 0.6 };

describe('review flags', () => {
  it('a flag the store does not take in time fails with a specific error and is not stored later', async () => {
    await database.open();
    const holder = await holdStores(`review-flags-${n - 1}`, ['audit']);
    const outcome = await settledWithin(flagForReview('d', flag, 300), 5_000);
    // Without the deadline the flag waits for as long as the other transaction runs.
    expect(outcome).toMatch(/^Flagging did not finish: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect(await database.audit.count()).toBe(0);
    await flagForReview('d', flag);
    expect(await database.audit.toArray()).toMatchObject([{ datasetId: 'd', action: 'review-flag', detail: flag }]);
  });
});
