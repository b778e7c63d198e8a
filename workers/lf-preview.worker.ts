import { expose } from './bridge/expose';
import type { TaskContext } from './bridge/protocol';
import { forgetPreviewData, previewLf, type PreviewRequest } from './lf-preview/preview';

/** The LF editor's live preview: its own worker, so a long apply or label model never delays a keystroke's answer. */
const api = {
  preview: (args: PreviewRequest, ctx: TaskContext) => previewLf(args, ctx.signal),
  forget: () => forgetPreviewData(),
};

export type LfPreviewApi = typeof api;
expose(api);
