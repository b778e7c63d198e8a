// Chrome's CPU profiler on a page's dedicated workers. Playwright opens CDP sessions on pages and
// frames only, so the page's session auto-attaches to its workers in the non-flat mode and talks to
// each through Target.sendMessageToTarget. Each worker is sampled from the moment it is attached until
// it asks to stop or ends; the profiles are the DevTools format (`.cpuprofile`).
import type { CDPSession, Page } from '@playwright/test';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface WorkerProfiler {
  /** Stops every worker's profiler that is still running and returns all profiles, in attach order. */
  stop(): Promise<CpuProfile[]>;
}

export async function profileWorkers(page: Page, samplingUs = 200): Promise<WorkerProfiler> {
  const session: CDPSession = await page.context().newCDPSession(page);
  const pending = new Map<string, (result: unknown) => void>();
  const profiles: (CpuProfile | null)[] = [];
  const running = new Map<string, number>();
  let nextId = 1;
  const send = (sessionId: string, method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(`${sessionId}:${id}`, resolve);
      void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => resolve(null));
    });
  session.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const data = JSON.parse(message) as { id?: number; result?: unknown; error?: unknown };
    if (data.id === undefined) return;
    const key = `${sessionId}:${data.id}`;
    pending.get(key)?.(data.error ? null : data.result);
    pending.delete(key);
  });
  session.on('Target.attachedToTarget', async ({ sessionId, targetInfo }) => {
    if (targetInfo.type !== 'worker') return;
    const slot = profiles.push(null) - 1;
    running.set(sessionId, slot);
    await send(sessionId, 'Profiler.enable');
    await send(sessionId, 'Profiler.setSamplingInterval', { interval: samplingUs });
    await send(sessionId, 'Profiler.start');
    await send(sessionId, 'Runtime.runIfWaitingForDebugger');
  });
  // A worker that posts {profilerStop: true} is read before it is terminated.
  await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return {
    async stop() {
      for (const [sessionId, slot] of running) {
        const result = (await send(sessionId, 'Profiler.stop')) as { profile: CpuProfile } | null;
        profiles[slot] = result?.profile ?? null;
      }
      running.clear();
      return profiles.filter((p): p is CpuProfile => p !== null);
    },
  };
}

export interface SelfTime {
  functionName: string;
  url: string;
  line: number;
  self_ms: number;
  share: number;
}

/** Self time per function (summed over the call sites), largest first. */
export function topSelfTime(profile: CpuProfile, count = 25): { total_ms: number; top: SelfTime[] } {
  const byNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the gap to the next sample (DevTools' rule).
  for (let i = 0; i < samples.length; i++) byNode.set(samples[i], (byNode.get(samples[i]) ?? 0) + (deltas[i + 1] ?? 0));
  const byFunction = new Map<string, SelfTime>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = byNode.get(node.id) ?? 0;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName}|${url}|${lineNumber}`;
    const entry = byFunction.get(key) ?? { functionName: functionName || '(anonymous)', url: url.replace(/^.*\/(src|bench)\//, '$1/').replace(/\?.*$/, ''), line: lineNumber + 1, self_ms: 0, share: 0 };
    entry.self_ms += us / 1000;
    byFunction.set(key, entry);
  }
  const top = [...byFunction.values()].sort((a, b) => b.self_ms - a.self_ms).slice(0, count);
  for (const t of top) {
    t.share = Math.round((t.self_ms / (total / 1000)) * 1000) / 1000;
    t.self_ms = Math.round(t.self_ms);
  }
  return { total_ms: Math.round(total / 1000), top };
}
