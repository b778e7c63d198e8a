/** Functions the Node harness (bench/lib/browser.ts) exposes to bench pages. */
declare global {
  interface Window {
    benchDone(result: unknown): Promise<void>;
    benchFail(message: string): Promise<void>;
    /** 'reset' clears the renderer's peak-memory mark; 'peak' returns the rise since, in bytes. */
    benchMemory(action: 'reset' | 'peak'): Promise<number>;
    /** CPU time (ms, user + system) used so far by every Chromium process of this run's profile. */
    benchCpu(): Promise<number>;
  }
}
export {};
