import { computeDrift, datetimeFieldSpans, type DriftRequest } from '../src/data/drift';
import { expose } from './bridge/expose';
import { overTimeOf, slicesOf, type OverTimeRequest, type SliceRequest } from './drift/slices';

/** Drift between item sets, canary metrics per slice and per period. Reads items and columns itself; the page sends its label and split arrays. */
const api = {
  drift: (args: DriftRequest) => computeDrift(args),
  datetimeFields: (args: { datasetId: string }) => datetimeFieldSpans(args.datasetId),
  slices: (args: SliceRequest) => slicesOf(args),
  overTime: (args: OverTimeRequest) => overTimeOf(args),
};

export type DriftApi = typeof api;
expose(api);
