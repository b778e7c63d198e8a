import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { compileLf } from '../../src/core/lf/compile';
import type { Condition, LfDef } from '../../src/core/lf/types';
import { mulberry32, shuffleInPlace } from '../../src/core/random';
import { hashTexts } from '../../src/core/student/features';
import { PIPELINE_FEATURES, type PipelineData, type PipelineSplit } from '../../src/cli/pipeline';

/**
 * youtube_video6: "route a comment", a multi-class variant of the five UCI YouTube spam CSVs
 * (public/sample/youtube, 1,956 comments). Every spam comment (CLASS=1) is `spam` (~51 %); a ham
 * comment's class is the video it was posted under (~8–10 % each), so the set is imbalanced and
 * multi-class, and unlike RAND HIE's rarest class every class is named by words the comments use.
 */
export const VIDEO6_CLASSES = ['spam', 'psy', 'katyperry', 'lmfao', 'eminem', 'shakira'];
const FILES = ['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv', 'Youtube03-LMFAO.csv', 'Youtube04-Eminem.csv', 'Youtube05-Shakira.csv'];

const words = (keywords: string[], wholeWord = true): Condition => ({ kind: 'keyword', keywords, match: 'any', wholeWord, caseSensitive: false });
const regex = (pattern: string): Condition => ({ kind: 'regex', pattern, flags: 'i' });

/**
 * Written from meaning before any label of this set was looked at, and never tuned: self-promotion,
 * links and begging mark spam (the kinds of rule the Snorkel spam tutorial and WRENCH youtube use);
 * the artist's name, the song's title and its well-known context mark the video a fan comments on.
 */
export const VIDEO6_LFS: LfDef[] = [
  { id: 'subscribe', name: 'asks to subscribe', condition: words(['subscrib'], false), vote: 0 },
  { id: 'check-out', name: 'check (it) out', condition: regex('check\\s*(it\\s*)?out'), vote: 0 },
  { id: 'my-channel', name: 'my channel / video / page', condition: words(['my channel', 'my video', 'my videos', 'my page', 'my music', 'my new song', 'my new video']), vote: 0 },
  { id: 'link', name: 'has a link', condition: regex('https?://|www\\.|\\.com\\b'), vote: 0 },
  { id: 'money', name: 'money or prizes', condition: words(['free', 'win', 'giveaway', 'gift card', 'money', 'earn', 'cash', 'paypal']), vote: 0 },
  { id: 'please', name: 'please / plz', condition: words(['please', 'plz', 'pls']), vote: 0 },
  { id: 'psy-artist', name: 'Psy', condition: words(['psy', 'oppa', 'korea', 'korean']), vote: 1 },
  { id: 'psy-song', name: 'Gangnam Style', condition: words(['gangnam'], false), vote: 1 },
  { id: 'katy-artist', name: 'Katy Perry', condition: words(['katy', 'perry']), vote: 2 },
  { id: 'katy-song', name: 'Roar', condition: words(['roar', 'tiger', 'eye of the tiger', 'jungle']), vote: 2 },
  { id: 'lmfao-artist', name: 'LMFAO', condition: words(['lmfao', 'redfoo', 'sky blu']), vote: 3 },
  { id: 'lmfao-song', name: 'Party Rock Anthem', condition: words(['party rock', 'shuffl', 'sexy and i know it'], false), vote: 3 },
  { id: 'eminem-artist', name: 'Eminem and Rihanna', condition: words(['eminem', 'marshall', 'slim shady', 'rihanna']), vote: 4 },
  { id: 'eminem-song', name: 'Love the Way You Lie', condition: words(['love the way you lie', 'way you lie', 'love the way u lie']), vote: 4 },
  { id: 'shakira-artist', name: 'Shakira', condition: words(['shakira']), vote: 5 },
  { id: 'shakira-song', name: 'Waka Waka (This Time for Africa)', condition: words(['waka', 'world cup', 'africa', 'zangalewa']), vote: 5 },
];

interface Comment {
  id: string;
  text: string;
  label: number;
}

/** Every comment of the five files, labelled by the task above; ids are file-prefixed because COMMENT_IDs repeat. */
export function video6Comments(root: string): Comment[] {
  return FILES.flatMap((file, video) => {
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(root, 'public/sample/youtube', file), 'utf8'), { header: true, skipEmptyLines: true });
    if (parsed.errors.length) throw new Error(`${file}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
    return parsed.data.map((row, i) => {
      if (row.CLASS !== '0' && row.CLASS !== '1') throw new Error(`${file} row ${i + 1}: CLASS is "${row.CLASS}", not 0 or 1`);
      // The trailing U+FEFF many comments carry is an export artefact, not text.
      return { id: `${file.slice(0, 9)}-${i}`, text: row.CONTENT.replace(/\uFEFF/g, ''), label: row.CLASS === '1' ? 0 : video + 1 };
    });
  });
}

/** Votes of the rule LFs, applied by the app's LF engine (compileLf), as an n × m row-major matrix. */
function applyLfs(texts: string[]): Int8Array {
  const m = VIDEO6_LFS.length;
  const votes = new Int8Array(texts.length * m);
  VIDEO6_LFS.forEach((def, j) => compileLf(def, { classCount: VIDEO6_CLASSES.length, fields: [] }).apply({ text: texts, fields: {} }, votes, j, m));
  return votes;
}

/** A seeded 60/20/20 split into pool, dev and canary (as RAND HIE's), with the texts in split order. */
export function video6Splits(root: string, seed: number): { splits: PipelineData['splits']; texts: string[] } {
  const comments = video6Comments(root);
  const order = shuffleInPlace(Uint32Array.from(comments.keys()), mulberry32(seed ^ 0x71de));
  const cut = [Math.round(comments.length * 0.6), Math.round(comments.length * 0.8)];
  const rows = Array.from(order, (r) => comments[r]);
  const texts = rows.map((c) => c.text);
  const allVotes = applyLfs(texts);
  const m = VIDEO6_LFS.length;
  const split = (from: number, to: number): PipelineSplit => ({
    n: to - from,
    m,
    votes: allVotes.slice(from * m, to * m),
    gold: Int16Array.from(rows.slice(from, to), (c) => c.label),
    ids: rows.slice(from, to).map((c) => c.id),
  });
  return { splits: { train: split(0, cut[0]), valid: split(cut[0], cut[1]), test: split(cut[1], rows.length) }, texts };
}

/** The set as the loop reads it: the split above plus hashed n-grams for the student. */
export function youtubeVideo6(root: string, seed: number): PipelineData {
  const { splits, texts } = video6Splits(root, seed);
  return { k: VIDEO6_CLASSES.length, classes: VIDEO6_CLASSES, splits, features: hashTexts(texts, PIPELINE_FEATURES), featuresNote: `hashed n-grams, dim ${PIPELINE_FEATURES.dim}` };
}
