import type { Progress } from '../../../workers/bridge/protocol';
import { tasks, type RunningTask } from '../state/tasks';

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

function eta(task: RunningTask, p: Progress): string | null {
  const elapsed = (performance.now() - task.startedAt) / 1000;
  const fraction = p.bytesTotal ? (p.bytesDone ?? 0) / p.bytesTotal : p.total ? p.done / p.total : 0;
  if (fraction <= 0.02 || elapsed < 1) return null;
  const left = (elapsed / fraction) * (1 - fraction);
  return left < 60 ? `${Math.ceil(left)} s left` : `${Math.ceil(left / 60)} min left`;
}

function TaskRow({ task }: { task: RunningTask }) {
  const p = task.progress;
  const fraction = p ? (p.bytesTotal ? (p.bytesDone ?? 0) / p.bytesTotal : p.total ? p.done / p.total : undefined) : undefined;
  const parts: string[] = [];
  if (p) {
    parts.push(`${p.done.toLocaleString('en-US')}${p.total ? ` of ${p.total.toLocaleString('en-US')}` : ''} ${p.unit ?? ''}`.trim());
    if (p.bytesTotal) parts.push(`${mb(p.bytesDone ?? 0)} of ${mb(p.bytesTotal)}`);
    const left = eta(task, p);
    if (left) parts.push(left);
    if (p.message) parts.push(p.message);
  }
  return (
    <div class="task" role="status" aria-label={task.title} data-testid="task">
      <div class="task-head">
        <strong>{task.title}</strong>
        <span class="task-detail" data-testid="task-detail">{parts.join(' · ') || 'Starting…'}</span>
        <button type="button" onClick={task.cancel}>Cancel</button>
      </div>
      <progress max={1} value={fraction} aria-label={`${task.title} progress`} />
    </div>
  );
}

export function TaskBar() {
  if (tasks.value.length === 0) return null;
  return (
    <div class="tasks">
      {tasks.value.map((t) => (
        <TaskRow key={t.id} task={t} />
      ))}
    </div>
  );
}
