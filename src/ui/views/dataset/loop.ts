import { Split } from '../../../core/types';

/** What the loop header needs to know about a dataset, counted by the caller. */
export interface LoopFacts {
  canary: number;
  canaryLabeled: number;
  dev: number;
  sources: number;
  staleSources: number;
  labelModel: 'none' | 'fitted' | 'outdated';
  /** Items left in this dataset's open review queue (0 when there is none). */
  reviewWaiting: number;
  /** The newest student, with its accuracy on the labeled canary items (null: none labeled yet). */
  student: { name: string; canaryAccuracy: number | null } | null;
}

export interface LoopStep {
  id: 'canary' | 'sources' | 'label-model' | 'review' | 'student' | 'export';
  title: string;
  state: string;
  done: boolean;
}

export interface NextAction {
  text: string;
  /** The dataset tab that does it ('items' for labeling, 'splits' for the split dialog, 'export' for the export dialog). */
  target: string;
}

const n = (v: number) => v.toLocaleString('en-US');
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/**
 * Accuracy of `votes` on the labeled canary items, abstentions counted wrong (as the Canary tab counts
 * it); null when no canary item is labeled.
 */
export function canaryAccuracy(votes: ArrayLike<number>, labels: ArrayLike<number>, splits: ArrayLike<number>): number | null {
  let counted = 0;
  let right = 0;
  for (let i = 0; i < splits.length; i++) {
    if (splits[i] !== Split.canary || labels[i] < 0) continue;
    counted++;
    if (votes[i] === labels[i]) right++;
  }
  return counted ? right / counted : null;
}

/** The loop's steps with their state, and the one next action: the first step not yet done. */
export function loopState(f: LoopFacts): { steps: LoopStep[]; next: NextAction } {
  const student = f.student;
  const steps: LoopStep[] = [
    { id: 'canary', title: 'Canary', state: f.canary === 0 ? 'not drawn' : `${n(f.canaryLabeled)}/${n(f.canary)} labeled`, done: f.canary > 0 && f.canaryLabeled === f.canary },
    { id: 'sources', title: 'Sources', state: f.sources === 0 ? 'none' : `${n(f.sources)}${f.staleSources ? `, ${n(f.staleSources)} stale` : ''}`, done: f.sources > 0 && f.staleSources === 0 },
    { id: 'label-model', title: 'Label model', state: { none: 'not fitted', fitted: 'fitted', outdated: 'outdated' }[f.labelModel], done: f.labelModel === 'fitted' },
    { id: 'review', title: 'Review', state: `${f.reviewWaiting ? n(f.reviewWaiting) : 'none'} waiting`, done: false },
    {
      id: 'student',
      title: 'Student',
      state: !student ? 'none yet' : student.canaryAccuracy === null ? `${student.name}, canary not labeled` : `${pct(student.canaryAccuracy)} on canary`,
      done: student !== null,
    },
    { id: 'export', title: 'Export', state: 'any time', done: false },
  ];
  let next: NextAction;
  const stale = f.staleSources === 1 ? 'edited source' : `${n(f.staleSources)} edited sources`;
  if (f.canary === 0) next = { text: 'Draw a canary and a dev set so every result can be measured', target: 'splits' };
  else if (f.canaryLabeled < f.canary) next = { text: `Label the canary: ${n(f.canary - f.canaryLabeled)} items left`, target: 'items' };
  else if (f.sources === 0) next = { text: 'Add a labeling function or a teacher model', target: 'sources' };
  else if (f.staleSources > 0) next = { text: `Apply the ${stale} again`, target: 'sources' };
  else if (f.labelModel === 'none') next = { text: 'Fit the label model on your sources’ votes', target: 'label-model' };
  else if (f.labelModel === 'outdated') next = { text: 'Fit the label model again: its sources’ votes changed', target: 'label-model' };
  else if (f.reviewWaiting > 0) next = { text: `Review the ${f.reviewWaiting === 1 ? 'item' : `${n(f.reviewWaiting)} items`} waiting in the queue`, target: 'review' };
  else if (!student) next = { text: 'Train a student on the label model’s labels', target: 'students' };
  else next = { text: 'Export the labels with their lineage', target: 'export' };
  return { steps, next };
}
