/** Functions the Node harness (bench/lib/browser.ts) exposes to bench pages. */
declare global {
  interface Window {
    benchDone(result: unknown): Promise<void>;
    benchFail(message: string): Promise<void>;
    /**
     * 'reset' clears the renderer's peak-memory mark; 'peak' returns the rise since, in bytes; 'rss' and
     * 'hwm' the largest renderer's resident memory now and its peak since the reset (absolute bytes).
     */
    benchMemory(action: 'reset' | 'peak' | 'rss' | 'hwm'): Promise<number>;
    /** User + system CPU seconds of the page's renderer (its workers included) so far. */
    benchCpu(): Promise<number>;
    /** CPU nanoseconds used so far by every thread of the page's renderers (its workers and GC helpers included). */
    benchCpuNs(): Promise<number>;
    /** CPU time (ms, user + system) used so far by every Chromium process of this run's profile. */
    benchCpuAll(): Promise<number>;
    /** Present when the harness profiles the page's workers: stops and saves their CPU profiles. */
    benchWorkerProfileStop?: () => Promise<void>;
  }
}
export {};
