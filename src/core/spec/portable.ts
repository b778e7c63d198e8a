import type { Condition } from '../lf/types';

/** Why a source cannot leave the app as a declarative SQL rule; null when it can. */
export function notPortableReason(kind: string, definition: unknown): string | null {
  switch (kind) {
    case 'lf': {
      const condition = (definition as { condition?: Condition } | null)?.condition;
      return condition && usesSimilarity(condition)
        ? 'a similarity rule compares item embeddings with example items of this dataset; neither the embeddings nor the examples exist in SQL'
        : null;
    }
    case 'js-lf':
      return 'a JavaScript LF is arbitrary code that only runs in the app\'s sandbox worker; SQL engines cannot run it';
    case 'teacher':
      return 'a teacher is a neural model run by ONNX Runtime or TF.js; its votes are not a SQL expression';
    case 'student':
      return 'a student is a trained model run in the app; its votes are not a SQL expression';
    case 'imported':
      return 'imported votes are data of this dataset, not a rule that can vote on other items';
    case 'human':
      return 'human labels are data of this dataset, not a rule that can vote on other items';
    default:
      return `sources of kind "${kind}" have no declarative form`;
  }
}

function usesSimilarity(condition: Condition): boolean {
  if (condition.kind === 'similarity') return true;
  if (condition.kind === 'and' || condition.kind === 'or') return condition.conditions.some(usesSimilarity);
  if (condition.kind === 'not') return usesSimilarity(condition.condition);
  return false;
}
