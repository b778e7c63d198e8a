/**
 * Label Studio's JSON export: an array of tasks `{id, data: {...}, annotations: [{result: [...]}],
 * predictions: [...]}`. Each task becomes one flat record: the `data` fields, the task id, and the first
 * choice of its first live annotation (`label`) and of its first prediction (`prediction`).
 */
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True when the records look like Label Studio tasks (checked on the first 100). */
export function isLabelStudio(records: unknown[]): boolean {
  const head = records.slice(0, 100);
  return head.length > 0 && head.every((r) => isObject(r) && isObject(r.data) && (Array.isArray(r.annotations) || Array.isArray(r.predictions)));
}

/** First value of the first `choices` result among annotations (cancelled ones skipped) or predictions. */
function firstChoice(list: unknown): string {
  if (!Array.isArray(list)) return '';
  for (const entry of list) {
    if (!isObject(entry) || entry.was_cancelled === true || !Array.isArray(entry.result)) continue;
    for (const result of entry.result) {
      const choices = isObject(result) && isObject(result.value) ? result.value.choices : undefined;
      if (Array.isArray(choices) && choices.length > 0) return String(choices[0]);
    }
  }
  return '';
}

/** Picks a column name no task uses in its own data fields. */
function free(name: string, taken: Set<string>): string {
  let candidate = name;
  while (taken.has(candidate)) candidate = `ls_${candidate}`;
  return candidate;
}

/** Flat records of the tasks, with one set of column names for all of them. */
export function labelStudioRecords(tasks: Json[]): Json[] {
  const taken = new Set<string>();
  for (const task of tasks) for (const key of Object.keys(task.data as Json)) taken.add(key);
  const [id, label, prediction] = [free('id', taken), free('label', taken), free('prediction', taken)];
  return tasks.map((task) => ({
    ...(task.data as Json),
    ...(task.id !== undefined ? { [id]: task.id } : {}),
    [label]: firstChoice(task.annotations),
    [prediction]: firstChoice(task.predictions),
  }));
}
