/** What the run loop needs from a model runtime (ORT, TF.js): one batch in, one output matrix out. */
export interface Feed {
  name: string;
  type: 'float32' | 'int64' | 'int32';
  data: Float32Array | BigInt64Array | Int32Array;
  dims: number[];
}

export type RunDevice = 'webgpu' | 'wasm' | 'js';

export interface ModelRuntime {
  readonly device: RunDevice;
  /** Runs one batch and returns the card's chosen output as float32 with its dims. */
  run(feeds: Feed[]): Promise<{ data: Float32Array; dims: number[] }>;
  dispose(): Promise<void>;
}

/** Error messages that mean the GPU went away (lost device, failed mapping), not a model problem. */
export function looksLikeGpuLoss(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /device (was |is )?lost|GPUDevice|destroyed|mapAsync|DeviceLost|webgpu/i.test(message);
}
