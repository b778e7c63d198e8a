import type { ModelRun, SourceOf } from '../../core/records';
import { deleteTeacherSource, EMBED_RUN, listModelRuns, listTeacherSources, modelRunLockName, TEACHER_RUN } from '../../data/model-runs';
import { listEmbeddings } from '../../data/vectors';

/** Run ids for the teacher worker, and which probabilities a teacher source's votes come from. */
export { newModelRunId } from '../../data/model-runs';
export { voteBasisOf } from '../../data/source-votes';

/** What the Teachers tab shows of a dataset. */
export interface TeachersState {
  runs: ModelRun[];
  sources: SourceOf<'teacher'>[];
  embeddings: string[];
  /** Runs whose worker holds their lock right now (in this or another tab). */
  live: Set<string>;
}

export async function loadTeachers(datasetId: string): Promise<TeachersState> {
  const [teacherRuns, embedRuns, sources, embeddings, locks] = await Promise.all([
    listModelRuns(datasetId, TEACHER_RUN),
    listModelRuns(datasetId, EMBED_RUN),
    listTeacherSources(datasetId),
    listEmbeddings(datasetId),
    navigator.locks.query(),
  ]);
  const live = new Set((locks.held ?? []).map((l) => l.name ?? ''));
  const runs = [...teacherRuns, ...embedRuns].sort((a, b) => b.createdAt - a.createdAt);
  return { runs, sources, embeddings, live: new Set(runs.filter((r) => live.has(modelRunLockName(r.id))).map((r) => r.id)) };
}

/** Removes a teacher source with its votes and probabilities. */
export const removeTeacherSource = (source: SourceOf<'teacher'>): Promise<void> => deleteTeacherSource(source);
