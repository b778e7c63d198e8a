/**
 * Writes the hostile-input corpus: one file per case, each a file a real user could hand the importer.
 * The expected outcome of every file lives in manifest.json, checked by src/core/formats/hostile.test.ts
 * (and a few through the UI by e2e/bad-input.spec.ts). Rebuild: `npx tsx e2e/hostile/generate.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { gzipSync, zipSync as zipAt, type Zippable, type ZipOptions } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';

const dir = new URL('./files/', import.meta.url);
/** A fixed timestamp keeps the archives byte-identical from one rebuild to the next. */
const MTIME = new Date('2020-01-01T00:00:00Z');
const zipSync = (files: Zippable, options: ZipOptions = {}) => zipAt(files, { mtime: MTIME, ...options });
mkdirSync(dir, { recursive: true });
const write = (name: string, content: string | Uint8Array | ArrayBuffer) => writeFileSync(new URL(name, dir), content instanceof ArrayBuffer ? new Uint8Array(content) : content);

function png(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const pixels = Buffer.from([0, 0, 255, 0, 255, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

// Smallest valid images of each kind (1×1), as commonly published.
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const WEBP = Buffer.from('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA', 'base64');

const csv = 'id,text,label\n1,free money click here,spam\n2,great video thanks,ham\n3,subscribe to my channel,spam\n';

// Files that must import.
write('mixed-line-endings.csv', 'id,text,label\r\n1,"first, with comma",spam\n2,second,ham\r3,"multi\r\nline",spam\r\n4,fourth,ham');
write('sift-style.parquet', parquetWriteBuffer({ columnData: [
  { name: 'id', type: 'STRING', data: ['a', 'b', 'c'] },
  { name: 'text', type: 'STRING', data: ['one', 'two', 'three'] },
  { name: 'label', type: 'STRING', data: ['spam', null, 'ham'] },
  { name: 'confidence', type: 'DOUBLE', data: [0.9, 0.5, 0.75] },
] }));
write('parquet-named.csv', parquetWriteBuffer({ columnData: [{ name: 'text', type: 'STRING', data: ['x', 'y'] }] }));
write('tables.zip', zipSync({ 'data/part1.csv': Buffer.from(csv), 'data/part2.csv': Buffer.from('id,text,label\n4,another one,ham\n'), 'README.md': Buffer.from('# notes\n'), '__MACOSX/._part1.csv': Buffer.from('x') }));
write('images.zip', zipSync({ 'digits/a.png': png(), 'digits/b.png': png(), 'labels.csv': Buffer.from('file,label\na.png,0\nb.png,1\n') }));
write('single-column.csv', 'text\nhello\nworld\n');
write('label-studio.json', JSON.stringify([
  { id: 1, data: { text: 'free money' }, annotations: [{ result: [{ type: 'choices', from_name: 'sentiment', to_name: 'text', value: { choices: ['spam'] } }] }], predictions: [] },
  { id: 2, data: { text: 'nice video' }, annotations: [], predictions: [{ model_version: 'v1', result: [{ type: 'choices', value: { choices: ['ham'] } }] }] },
], null, 2));

// Files that must be refused, each with its own message.
write('empty.csv', '');
write('bom-only.csv', '\uFEFF');
write('blank-lines.csv', '\n\n\r\n\n');
write('header-only.csv', 'id,text,label\n');
write('header-only-crlf.tsv', 'id\ttext\tlabel\r\n\r\n');
write('single-object.json', JSON.stringify({ name: 'my dataset', version: 2, license: 'CC0' }, null, 2));
write('object-with-array.json', JSON.stringify({ version: 1, data: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] }, null, 2));
write('object-with-two-arrays.json', JSON.stringify({ train: [{ text: 'a' }], test: [{ text: 'b' }] }));
write('json-number.json', '42\n');
write('json-empty-array.json', '[]');
write('json-array-of-strings.json', '["a", "b"]');
write('json-syntax.json', '[\n  {"text": "a"},\n  {"text": "b",}\n]');
write('jsonl-bad-line.jsonl', '{"text": "a"}\n{"text": oops}\n');
const wide = Array.from({ length: 20_000 }, (_, i) => `c${i + 1}`);
write('wide-20000-columns.csv', `${wide.join(',')}\n${wide.map((_, i) => i).join(',')}\n`);
// Wide files import (20,000 columns is a normal table); past 100,000 columns the header alone is refused.
write('wide-100001-columns.csv', `${Array.from({ length: 100_001 }, () => 'x').join(',')}\n`);
const wideObject = Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`k${i}`, i]));
write('wide-2500-keys.jsonl', `${JSON.stringify(wideObject)}\n${JSON.stringify(wideObject)}\n`);
write('nul-in-text.csv', 'id,text,label\n1,clean,spam\n2,bad\u0000byte,ham\n');
write('escape-in-text.csv', 'id,text,label\n1,\u001b[31mred\u001b[0m,spam\n');
write('form-feed.jsonl', '{"text": "ok"}\n{"text": "page\fbreak"}\n');
write('png-named.csv', png());
write('jpeg-named.csv', JPEG);
write('gif-named.json', GIF);
write('webp-named.txt', WEBP);
write('gzip-named.csv', gzipSync(Buffer.from(csv), { mtime: MTIME }));
write('pdf-named.csv', '%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n');
write('utf16le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
write('utf16be-no-bom.csv', Buffer.from(csv, 'utf16le').swap16());
write('latin1.csv', Buffer.concat([Buffer.from('id,text\n1,caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
write('unbalanced-quote.csv', 'id,text,label\n1,"never closed,spam\n2,fine,ham\n');
write('wrong-delimiter.csv', 'id,text,label\n1,ok,spam\n2;semicolons;ham\n');
write('truncated.parquet', parquetWriteBuffer({ columnData: [{ name: 'text', type: 'STRING', data: ['a', 'b'] }] }).slice(0, 40));
write('zip-bomb.zip', zipSync({ 'zeros.csv': new Uint8Array(20 * 1024 * 1024) }, { level: 9 }));
write('zip-traversal.zip', zipSync({ '../../evil.csv': Buffer.from(csv) }));
write('zip-absolute.zip', zipSync({ '/etc/cron.d/evil.csv': Buffer.from(csv) }));
write('zip-nothing-usable.zip', zipSync({ 'notes.md': Buffer.from('# hi'), 'inner.zip': zipSync({ 'a.csv': Buffer.from(csv) }) }));
write('zip-empty.zip', zipSync({}));

/** A directory that claims a million entries: refused from the count alone, before any inflating. */
function forgedCount(): Uint8Array {
  const real = zipSync({ 'a.csv': Buffer.from(csv) });
  const out = Buffer.from(real);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  out.writeUInt16LE(0xffff, eocd + 8);
  out.writeUInt16LE(0xffff, eocd + 10);
  // A ZIP64 record and locator that claim 1,000,000 entries.
  const z64 = Buffer.alloc(56);
  z64.writeUInt32LE(0x06064b50, 0);
  z64.writeBigUInt64LE(44n, 4);
  z64.writeBigUInt64LE(1_000_000n, 24);
  z64.writeBigUInt64LE(1_000_000n, 32);
  z64.writeBigUInt64LE(BigInt(out.readUInt32LE(eocd + 12)), 40);
  z64.writeBigUInt64LE(BigInt(out.readUInt32LE(eocd + 16)), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(eocd), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([out.subarray(0, eocd), z64, locator, out.subarray(eocd)]);
}
write('zip-million-entries.zip', forgedCount());

/** A bomb whose headers lie: they declare 1,000 bytes, so only counting the real output catches it. */
function lyingSizes(): Uint8Array {
  const out = Buffer.from(zipSync({ 'zeros.csv': new Uint8Array(20 * 1024 * 1024) }, { level: 9 }));
  out.writeUInt32LE(1000, 22); // local header: uncompressed size
  const central = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  out.writeUInt32LE(1000, central + 24);
  return out;
}
write('zip-size-lie.zip', lyingSizes());
