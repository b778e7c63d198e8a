export * from './schema';
export * from './types';
export { buildSpec, specToJson, type BuildSpecInput, type SpecSource } from './build';
export { parseSpec } from './parse';
export { notPortableReason } from './portable';
export { paramsFromSpec, paramsToSpec } from './params';
