/** What the loop header needs to know about a dataset, counted by the caller. */
export interface LoopFacts {
  canary: number;
  canaryLabeled: number;
  dev: number;
  sources: number;
  staleSources: number;
  labelModel: boolean;
}

export interface LoopStep {
  id: 'canary' | 'sources' | 'label-model' | 'student' | 'export';
  title: string;
  state: string;
  done: boolean;
}

export interface NextAction {
  text: string;
  /** The dataset tab that does it ('items' for labeling, 'splits' for the split dialog). */
  target: string;
}

const n = (v: number) => v.toLocaleString('en-US');

/** The loop's steps with their state, and the one next action: the first step not yet done. */
export function loopState(f: LoopFacts): { steps: LoopStep[]; next: NextAction } {
  const steps: LoopStep[] = [
    { id: 'canary', title: 'Canary', state: f.canary === 0 ? 'not drawn' : `${n(f.canaryLabeled)}/${n(f.canary)} labeled`, done: f.canary > 0 && f.canaryLabeled === f.canary },
    { id: 'sources', title: 'Sources', state: f.sources === 0 ? 'none' : `${n(f.sources)}${f.staleSources ? `, ${n(f.staleSources)} stale` : ''}`, done: f.sources > 0 && f.staleSources === 0 },
    { id: 'label-model', title: 'Label model', state: f.labelModel ? 'fitted' : 'not fitted', done: f.labelModel },
    { id: 'student', title: 'Student', state: 'optional', done: false },
    { id: 'export', title: 'Export', state: 'any time', done: false },
  ];
  let next: NextAction;
  if (f.canary === 0) next = { text: 'Draw a canary and a dev set so every result can be measured', target: 'splits' };
  else if (f.canaryLabeled < f.canary) next = { text: `Label the canary: ${n(f.canary - f.canaryLabeled)} items left`, target: 'items' };
  else if (f.sources === 0) next = { text: 'Add a labeling function or a teacher model', target: 'sources' };
  else if (f.staleSources > 0) next = { text: `Apply the ${f.staleSources === 1 ? 'edited source' : `${n(f.staleSources)} edited sources`} again`, target: 'sources' };
  else if (!f.labelModel) next = { text: 'Fit the label model on your sources’ votes', target: 'label-model' };
  else next = { text: 'Train a student on the label model’s labels, or export them', target: 'students' };
  return { steps, next };
}
