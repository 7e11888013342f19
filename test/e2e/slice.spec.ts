import { test, expect } from '@playwright/test';
import { inkedPixels } from './pixels';

test('the app loads the default scenario, runs it in a worker and draws the wait chart', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'ClinicFlow' })).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveText(/Finished/, { timeout: 30_000 });

  // The simulation really ran in a Web Worker.
  expect(workers.length).toBeGreaterThanOrEqual(1);

  // One bar per step of the default scenario's pathway, each with a positive width.
  const chart = page.getByTestId('wait-chart');
  const bars = chart.getByTestId('wait-bar');
  const steps = await page.evaluate(() => document.querySelectorAll('[data-testid="wait-bar"]').length);
  expect(steps).toBeGreaterThanOrEqual(4);
  await expect(bars).toHaveCount(steps);
  const widths = await chart.locator('[data-testid="wait-bar"] rect').evaluateAll((rects) =>
    rects.map((r) => Number(r.getAttribute('width'))),
  );
  expect(widths.filter((w) => w > 0).length).toBeGreaterThanOrEqual(1);
  expect(widths.every((w) => Number.isFinite(w) && w >= 0)).toBe(true);

  // The chart is not blank: a visible share of its pixels differ from the background.
  const { inked, total } = await inkedPixels(page, chart.locator('svg'));
  expect(inked / total).toBeGreaterThan(0.02);

  // Headline numbers are shown as minutes.
  await expect(page.getByTestId('card-totalWait')).toContainText('min');

  await page.screenshot({ path: 'test-results/screenshots/app.png', fullPage: true });
  expect(errors).toEqual([]);
});
