import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '@playwright/test';
import { freshStart, watchErrors } from './helpers';

test('axe-core finds no serious or critical accessibility violations', async ({ page }) => {
  const errors = watchErrors(page);
  await freshStart(page);
  await page.getByTestId('advanced').locator('summary').click();
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.length} nodes, e.g. ${JSON.stringify(v.nodes[0]?.target)}`);
  expect(bad).toEqual([]);
  expect(errors).toEqual([]);
});

test('the editor and results are keyboard-operable with labelled controls', async ({ page }) => {
  const errors = watchErrors(page);
  await freshStart(page);
  // Every form control has an accessible name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, button')].filter((el) => {
      const e = el as HTMLInputElement;
      const byLabel = e.labels && e.labels.length > 0;
      return !byLabel && !e.getAttribute('aria-label') && !(e.textContent ?? '').trim() && e.type !== 'file';
    }).length,
  );
  expect(unnamed).toBe(0);
  // The headcount stepper works from the keyboard.
  await page.getByRole('button', { name: 'People: one fewer' }).first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('headcount-frontDesk')).toHaveValue('1');
  expect(errors).toEqual([]);
});
