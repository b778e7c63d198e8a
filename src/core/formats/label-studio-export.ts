/**
 * Label Studio tasks for a text classification project (`<Choices name="label" toName="text">`): the
 * human label becomes an annotation and the label model's output a prediction with its score, so a
 * Label Studio import shows both, and Sift's own Label Studio import reads them back.
 */
export interface TaskInput {
  id: string;
  text: string;
  fields: Record<string, string>;
  /** The human label's class name, or null. */
  label: string | null;
  labelSource: string | null;
  labeledAt: string | null;
  split: string;
  model: { label: string; confidence: number; run: string } | null;
}

const choice = (name: string) => [{ from_name: 'label', to_name: 'text', type: 'choices', value: { choices: [name] } }];

export function labelStudioTask(input: TaskInput): Record<string, unknown> {
  // Field names that clash with the task's own keys stay inside `data`, where Label Studio keeps them.
  return {
    data: { ...input.fields, text: input.text, sift_id: input.id, split: input.split },
    annotations: input.label === null ? [] : [{ result: choice(input.label), completed_by: input.labelSource ?? 'sift', created_at: input.labeledAt, was_cancelled: false }],
    predictions: input.model === null ? [] : [{ model_version: input.model.run, score: input.model.confidence, result: choice(input.model.label) }],
  };
}

/** A JSON array written block by block (an export streams chunk by chunk): `[`, tasks, `]`. */
export class LabelStudioWriter {
  private written = 0;

  block(tasks: Record<string, unknown>[]): string {
    let out = '';
    for (const task of tasks) out += (this.written++ === 0 ? '[\n' : ',\n') + JSON.stringify(task);
    return out;
  }

  end(): string {
    return this.written === 0 ? '[]\n' : '\n]\n';
  }
}
