import type { CompareOp } from '../../src/core/lf/types';
import { expect, type Page } from '../fixtures';

/**
 * The steps that specs repeat to write a rule LF on the Sources tab (the tab must be open). Each step
 * waits for what it shows before the next one acts, so specs never race the editor.
 */

/** A row of the Sources table, found by the source's name. */
export const sourceRow = (page: Page, name: string) => page.locator(`[data-testid="source-row"][data-name="${name}"]`);

/** The class an LF votes: its name, or its place in the editor's list when names differ between datasets. */
export type LfVote = string | { index: number };

export interface KeywordLf {
  name: string;
  vote: LfVote;
  /** As typed in the keyword box: comma-separated. */
  keywords: string;
}

export interface NumberCondition {
  field: string;
  op: Exclude<CompareOp, 'between'>;
  value: string;
}

/** Opens the editor on a new rule LF (it starts as a keyword condition on the text). */
export async function openRuleLfEditor(page: Page): Promise<void> {
  await page.getByTestId('new-rule-lf').click();
  await expect(page.getByTestId('lf-editor')).toBeVisible();
}

/** Names the LF in the open editor and, when given, picks the class it votes (else the first class stays). */
export async function nameRuleLf(page: Page, name: string, vote?: LfVote): Promise<void> {
  await page.getByTestId('lf-name').fill(name);
  if (vote !== undefined) await page.getByTestId('lf-vote').selectOption(typeof vote === 'string' ? { label: vote } : vote);
}

/** Opens a new rule LF and names it; its condition is left to the caller. */
export async function startRuleLf(page: Page, name: string, vote?: LfVote): Promise<void> {
  await openRuleLfEditor(page);
  await nameRuleLf(page, name, vote);
}

/** Fills the open editor as a keyword LF, unsaved. */
export async function fillKeywordLf(page: Page, lf: KeywordLf): Promise<void> {
  await nameRuleLf(page, lf.name, lf.vote);
  await page.getByTestId('c-keywords').fill(lf.keywords);
}

/** Opens a new rule LF and fills it as a keyword LF, unsaved. */
export async function draftKeywordLf(page: Page, lf: KeywordLf): Promise<void> {
  await openRuleLfEditor(page);
  await fillKeywordLf(page, lf);
}

/** Turns the editor's top condition into "field op value" on a numeric field. */
export async function setNumberCondition(page: Page, condition: NumberCondition): Promise<void> {
  await page.getByTestId('c-kind').selectOption('number');
  await page.getByTestId('c-field').selectOption(condition.field);
  await page.getByTestId('c-op').selectOption(condition.op);
  await page.getByTestId('c-value').fill(condition.value);
}

/** Saves the LF in the editor and applies it, then waits until its row says its votes are up to date. */
export async function saveAndApplyLf(page: Page, name: string, options: { timeout?: number } = {}): Promise<void> {
  await page.getByTestId('lf-save-apply').click();
  await expect(sourceRow(page, name).getByTestId('source-state')).toHaveText('votes up to date', options);
}

/** Writes a keyword LF, saves and applies it, and waits for its votes. */
export async function addKeywordLf(page: Page, lf: KeywordLf, options: { timeout?: number } = {}): Promise<void> {
  await draftKeywordLf(page, lf);
  await saveAndApplyLf(page, lf.name, options);
}
