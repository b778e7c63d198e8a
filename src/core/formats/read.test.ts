import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { readTable } from './read';
import { previewFile } from './preview';
import { csvBlock, neutraliseCell } from './export';
import { LineEndings } from './line-endings';
import { detectFormat } from './table';

function file(content: string | Uint8Array, name = 'data.csv'): File {
  return new File([content as BlobPart], name);
}

async function readAll(f: File, options = {}) {
  const rows: string[][] = [];
  let columns: string[] = [];
  for await (const batch of readTable(f, options)) {
    columns = batch.columns;
    rows.push(...batch.rows);
  }
  return { columns, rows };
}

async function errorOf(f: File, options = {}): Promise<SiftError> {
  try {
    await readAll(f, options);
  } catch (error) {
    if (error instanceof SiftError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('readTable (CSV)', () => {
  it('reads quoted multi-line fields, a BOM, and trailing U+FEFF inside a field', async () => {
    const { columns, rows } = await readAll(file('\uFEFFid,text,label\n1,"hello\nworld",spam\n2,"say ""hi""\uFEFF",ham\n'));
    expect(columns).toEqual(['id', 'text', 'label']);
    expect(rows).toEqual([
      ['1', 'hello\nworld', 'spam'],
      ['2', 'say "hi"\uFEFF', 'ham'],
    ]);
  });

  it('reads CRLF files and TSV with a sniffed delimiter', async () => {
    const { rows } = await readAll(file('a\tb\r\nx\ty\r\n', 'data.tsv'), { delimiter: '\t' });
    expect(rows).toEqual([['x', 'y']]);
    const preview = await previewFile(file('a;b;c\n1;2;3\n4;5;6\n'));
    expect(preview.delimiter).toBe(';');
    expect(preview.columns).toEqual(['a', 'b', 'c']);
  });

  it('keeps records intact across read chunks (a 5 MB single field)', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024) + 'é';
    const { rows } = await readAll(file(`id,text\n1,"${big}"\n2,short\n`));
    expect(rows.length).toBe(2);
    expect(rows[0][1].length).toBe(big.length);
    expect(rows[1][1]).toBe('short');
  });

  it('reports an unbalanced quote with its line', async () => {
    const error = await errorOf(file('id,text\n1,ok\n2,"never closed\n3,more\n'));
    expect(error.code).toBe('csv-unbalanced-quote');
    expect(error.message).toContain('line 3');
  });

  it('reports a wrong field count with the line and a delimiter hint', async () => {
    const error = await errorOf(file('id,text,label\n1,a,b\n2;b;c\n'), { delimiter: ',' });
    expect(error.code).toBe('csv-field-count');
    expect(error.message).toMatch(/line 3 has 1 field, expected 3.*delimiter/);
  });

  it('reports invalid UTF-8 with the byte offset and line', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('id,text\n1,ok\n2,'), 0xff, 0x41, 0x0a]);
    const error = await errorOf(file(bytes));
    expect(error.code).toBe('encoding-invalid-utf8');
    expect(error.details).toMatchObject({ byte: 15, line: 3 });
  });

  it('rejects empty files and header-only files clearly', async () => {
    expect((await errorOf(file(''))).code).toBe('file-empty');
    const headerOnly = await errorOf(file('id,text\n'));
    expect(headerOnly.code).toBe('file-header-only');
  });
});

describe('readTable (JSON, JSONL)', () => {
  it('reads a JSON array and JSONL objects, keeping late keys in _extra', async () => {
    const json = await readAll(file('[{"text":"a","n":1},{"text":"b","n":{"x":2}}]', 'd.json'));
    expect(json.columns).toEqual(['text', 'n', '_extra']);
    expect(json.rows).toEqual([
      ['a', '1', ''],
      ['b', '{"x":2}', ''],
    ]);
    const jsonl = await readAll(file('{"text":"a"}\n\n{"text":"b","late":true}\n', 'd.jsonl'));
    expect(jsonl.columns).toEqual(['text', 'late', '_extra']);
    expect(jsonl.rows[1]).toEqual(['b', 'true', '']);
  });

  it('points at a JSON syntax error and at the bad JSONL line', async () => {
    const json = await errorOf(file('[\n{"text":"a"},\n{"text": }\n]', 'd.json'));
    expect(json.code).toBe('json-syntax');
    expect(json.message).toBe('d.json is not valid JSON at line 3, column 10: expected a value, found "}\\n]".');
    const jsonl = await errorOf(file('{"text":"a"}\n{"text":"b"\n{"text":"c"}\n', 'd.jsonl'));
    expect(jsonl.code).toBe('jsonl-syntax');
    expect(jsonl.message).toContain('line 2');
  });
});

describe('CSV export', () => {
  it('neutralises formula-like cells', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(bad)).toBe(`'${bad}`);
    expect(neutraliseCell('plain')).toBe('plain');
    expect(csvBlock(['id', 'text'], [['1', '=HYPERLINK("x")']])).toBe('id,text\r\n1,"\'=HYPERLINK(""x"")"\r\n');
  });
});

describe('odd but valid input', () => {
  it('reads mixed \\r\\n, \\n and \\r line endings, also split across chunks', async () => {
    const { rows } = await readAll(file('id,text\r\n1,"a\r\nb"\n2,c\r3,d'));
    expect(rows).toEqual([['1', 'a\nb'], ['2', 'c'], ['3', 'd']]);
    const endings = new LineEndings();
    expect(endings.push('a\r', false) + endings.push('\nb\r', false) + endings.push('c', true)).toBe('a\nb\nc');
  });

  it('strips control characters when asked, counting them, and refuses them by default', async () => {
    const f = file('id,text\n1,a\u0000b\u0001\n2,ok\n');
    const batches = [];
    for await (const batch of readTable(f, { control: 'strip' })) batches.push(batch);
    expect(batches.flatMap((b) => b.rows)).toEqual([['1', 'ab'], ['2', 'ok']]);
    expect(batches.at(-1)!.control).toEqual({ count: 2, first: { line: 2, column: 4, code: 0, unit: 'line' } });
    const refused = await errorOf(f);
    expect(refused.code).toBe('control-characters');
    expect(refused.message).toContain('line 2, column 4 holds NUL, 0x00');
  });

  it('reads the array field of a top-level object when that field is chosen', async () => {
    const f = file('{"meta": 1, "rows": [{"text": "a"}, {"text": "b"}]}', 'd.json');
    expect((await errorOf(f)).details).toMatchObject({ field: 'rows', count: 2 });
    expect((await readAll(f, { jsonField: 'rows' })).rows).toEqual([['a', ''], ['b', '']]);
  });

  it('tells JSON Lines from one JSON object by the second record', () => {
    expect(detectFormat('a.json', '{"a":1}\n{"a":2}\n')).toBe('jsonl');
    expect(detectFormat('a.json', '{\n  "a": 1\n}\n')).toBe('json');
    expect(detectFormat('a.json', '{"a": 1}\n')).toBe('json');
    expect(detectFormat('a', '{"a":1}\n{"a":2}')).toBe('jsonl');
    expect(detectFormat('a.jsonl', '{"a": 1}\n')).toBe('jsonl');
  });

  it('profiles fewer rows of a wide file so a preview stays small', async () => {
    const header = Array.from({ length: 1500 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 1500 }, (_, i) => String(i)).join(',');
    const preview = await previewFile(file(`${header}\n${Array.from({ length: 700 }, () => row).join('\n')}\n`));
    expect(preview.columns.length).toBe(1500);
    expect(preview.profiledRows).toBe(Math.floor(1_000_000 / 1500));
  });
});

describe('Label Studio JSON', () => {
  it('flattens tasks into data fields, id, the first live annotation choice and the first prediction', async () => {
    const tasks = [
      { id: 7, data: { text: 'buy now' }, annotations: [{ was_cancelled: true, result: [{ type: 'choices', value: { choices: ['ham'] } }] }, { result: [{ type: 'choices', value: { choices: ['spam'] } }] }], predictions: [{ result: [{ value: { choices: ['spam'] } }] }] },
      { id: 8, data: { text: 'hello', label: 'kept' }, annotations: [], predictions: [] },
    ];
    const { columns, rows } = await readAll(file(JSON.stringify(tasks), 'project.json'));
    expect(columns).toEqual(['text', 'id', 'ls_label', 'prediction', 'label', '_extra']);
    expect(rows).toEqual([
      ['buy now', '7', 'spam', 'spam', '', ''],
      ['hello', '8', '', '', 'kept', ''],
    ]);
  });
});
