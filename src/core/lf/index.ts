/** The LF engine's public surface: definitions, compile/apply, versions, analysis, JS LF core. */
export * from './types';
export { ABSTAIN, applyCompiledLfs, applyLfs, compileLf, type CompiledLf } from './compile';
export { ChunkView, foldText } from './chunk-view';
export { validateLf, MAX_CONDITION_DEPTH } from './validate';
export { canonicalJson, lfVersion, normalizeCondition } from './version';
export { analyzeLfs, lfItems, unvotedClassesWarning, type DevAccuracy, type LfAnalysis, type LfAnalysisInput, type LfItemFilter, type LfStats } from './analysis';
export { JsCell, type JsItem, type JsItemChunk } from './js-lf';
export { PreviewCollector, previewSample, type LfPreview, type PreviewHit, type PreviewOptions } from './preview';
export type { RowTest } from './conditions';
export { buildLibrary, parseLibrary, planImport, fieldsRead, LIBRARY_FORMAT, LIBRARY_VERSION, type ImportPlan, type ImportTarget, type LfLibrary, type LibrarySource, type PlannedLf } from './library';
