import type { Locator } from '@playwright/test';
import { expect, type Page } from '../fixtures';
import { openTab } from './spam-pool';

/** Opens the WRENCH sample and fits the label models on it (the start of every WRENCH loop). */
export async function fitWrenchLabelModels(page: Page): Promise<void> {
  await openWrenchLabelModel(page);
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 90_000 });
}

/**
 * The WRENCH loop up to a distilled student: opens the WRENCH sample, fits the label models, calibrates
 * the stored one and distills a student named `name` from it (one training, no settings search).
 * Returns the student's row in the Students tab.
 */
export async function distilWrenchStudent(page: Page, name: string): Promise<Locator> {
  await fitWrenchLabelModels(page);
  await openTab(page, 'Calibration');
  const lmOption = page.getByTestId('calibrate-output').locator('option', { hasText: 'Label model:' });
  await page.getByTestId('calibrate-output').selectOption((await lmOption.getAttribute('value'))!);
  await page.getByTestId('calibrate').click();
  await expect(page.getByTestId('calibration-result')).toContainText('Label model:');

  await openTab(page, 'Students');
  await page.getByTestId('mode-distill').check();
  const teacherOption = page.getByTestId('student-teacher').locator('option', { hasText: 'Label model:' });
  await page.getByTestId('student-teacher').selectOption((await teacherOption.getAttribute('value'))!);
  await expect(page.getByTestId('student-teacher')).toContainText('(calibrated)');
  await page.getByTestId('student-name').fill(name);
  // The settings search (on by default) is not what the callers check: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  const run = page.getByTestId('student-run').filter({ hasText: name });
  await expect(run).toBeVisible({ timeout: 150_000 });
  return run;
}

/** Opens the WRENCH sample at its Label model tab, nothing fitted yet. */
export async function openWrenchLabelModel(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 90_000 });
  await openTab(page, 'Label model');
}
