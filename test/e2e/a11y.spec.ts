import { test, expect, type Page } from '@playwright/test';
import { freshStart, watchErrors } from './helpers';

/** The part of @axe-core/playwright this test uses (loaded at run time: it is a test-only dependency). */
interface AxeViolation {
  id: string;
  impact?: string | null;
  nodes: { target: unknown }[];
}
type AxeBuilderCtor = new (options: { page: Page }) => { analyze(): Promise<{ violations: AxeViolation[] }> };

async function loadAxe(): Promise<AxeBuilderCtor | null> {
  const name = '@axe-core/playwright';
  try {
    const mod = (await import(/* @vite-ignore */ name)) as { default: AxeBuilderCtor };
    return mod.default;
  } catch {
    return null;
  }
}

test('axe-core finds no serious or critical accessibility violations', async ({ page }) => {
  const AxeBuilder = await loadAxe();
  test.skip(AxeBuilder === null, '@axe-core/playwright is not installed');
  if (!AxeBuilder) return;
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
