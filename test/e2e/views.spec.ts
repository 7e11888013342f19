import { test, expect, type Page } from '@playwright/test';
import { inkedPixels } from './pixels';
import { finished, freshStart, watchErrors } from './helpers';

/**
 * Every chart of the results, with the selector of its marks and the least number a real chart has. A chart
 * drawn on a canvas states how many marks it drew in an attribute (`attr`) of its canvas.
 */
const CHARTS: { id: string; marks: string; min: number; attr?: string }[] = [
  { id: 'waits', marks: '[data-testid="wait-box"] rect, [data-testid="wait-box"] circle', min: 4 },
  { id: 'waiting-room', marks: '[data-testid="room-band"], [data-testid="room-line"]', min: 2 },
  { id: 'utilisation', marks: '[data-testid="heat-cell"]', min: 20 },
  { id: 'overtime', marks: '[data-testid="overtime-bar"]', min: 3 },
  { id: 'slots', marks: '[data-testid="slot-bar"]', min: 30 },
  { id: 'idle-waits', marks: '[data-testid="idle-bar"], [data-testid="wait-dot"]', min: 8 },
  { id: 'swimlane', marks: '[data-testid="swimlane-canvas"]', attr: 'data-marks', min: 100 },
];

async function checkChart(page: Page, id: string, marks: string, min: number, attr?: string): Promise<void> {
  const chart = page.getByTestId(`chart-${id}`);
  await expect(chart.locator('h3')).not.toBeEmpty();
  await expect(page.getByTestId(`reading-${id}`)).not.toBeEmpty();
  const n = attr ? Number(await chart.locator(marks).getAttribute(attr)) : await chart.locator(marks).count();
  expect(n, `${id}: marks`).toBeGreaterThanOrEqual(min);
  const { inked, total } = await inkedPixels(page, chart.locator('svg').last());
  expect(inked / total, `${id}: not blank`).toBeGreaterThan(0.02);
  await chart.screenshot({ path: `test-results/screenshots/chart-${id}.png` });
}

test('every view renders in a worker, with titled, labelled, non-blank charts and no console errors', async ({ page }) => {
  const errors = watchErrors(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await freshStart(page);
  expect(workers.length).toBeGreaterThanOrEqual(1);
  for (const id of ['totalWait', 'providerWait', 'p90TotalWait', 'timeInOffice', 'delay', 'providerIdle', 'overtime', 'seen', 'leftWithoutBeingSeen'])
    await expect(page.getByTestId(`card-value-${id}`)).toHaveText(/\d/);
  await expect(page.getByTestId('card-value-totalWait')).toHaveText(/^\d+(\.\d+)? min \(\d+(\.\d+)?–\d+(\.\d+)?\)$/);
  for (const c of CHARTS) await checkChart(page, c.id, c.marks, c.min, c.attr);
  // Keyboard: focus the swimlanes and read a patient's day.
  await page.getByTestId('swimlane-svg').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('swimlane-detail')).toContainText(/Patient 2 .* arrived \d\d:\d\d/);
  await page.screenshot({ path: 'test-results/screenshots/app.png', fullPage: true });
  await page.getByTestId('advanced').locator('summary').click();
  await page.getByTestId('advanced').locator('[data-testid="dist-f-steps-2-durationMinutes"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/editor-advanced.png' });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const c of CHARTS) {
    const [chartBox, svgBox] = await Promise.all([page.getByTestId(`chart-${c.id}`).boundingBox(), page.getByTestId(`chart-${c.id}`).locator('svg').last().boundingBox()]);
    expect((svgBox?.x ?? 0) + (svgBox?.width ?? 0), `${c.id} fits at 1024 px`).toBeLessThanOrEqual((chartBox?.x ?? 0) + (chartBox?.width ?? 0) + 1);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/screenshots/app-1024.png' });
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 1123, height: 794 });
  await page.screenshot({ path: 'test-results/screenshots/print.png', fullPage: true });
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  expect((pdf.match(/\/Type\s*\/Page\b/g) ?? []).length, 'the printed report is one page').toBe(1);
  expect(errors).toEqual([]);
});

test('chart exports download SVG and PNG; results and the event log download as CSV', async ({ page }) => {
  const errors = watchErrors(page);
  await freshStart(page);
  const chart = page.getByTestId('chart-waits');
  const [svg] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /as SVG/ }).click()]);
  expect(svg.suggestedFilename()).toBe('clinicflow-waits.svg');
  const [png] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /as PNG/ }).click()]);
  expect(png.suggestedFilename()).toBe('clinicflow-waits.png');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csv.suggestedFilename()).toMatch(/results\.csv$/);
  const [events] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-events').click()]);
  expect(events.suggestedFilename()).toMatch(/event-log\.csv$/);
  expect(errors).toEqual([]);
});

test('the built app sets a Content-Security-Policy and runs under it without violations', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await freshStart(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-eval');
  // Exercise what needs the policy: a PNG export (blob: image on a canvas).
  await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-overtime').getByRole('button', { name: /as PNG/ }).click()]);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
  // And it really blocks: an inline script injected into the page does not run.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    return (window as unknown as { __inline?: number }).__inline ?? 0;
  });
  expect(ran).toBe(0);
  expect(errors.filter((e) => !/Content Security Policy/.test(e))).toEqual([]);
});

test('text from an imported file is shown as text, never run as HTML', async ({ page }) => {
  const errors = watchErrors(page);
  await freshStart(page);
  const markup = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const base = (await import('../../scenarios/default.json', { with: { type: 'json' } })).default;
  const file = structuredClone(base);
  file.name = `Dr ${markup}`;
  file.staffPools[0].name = markup;
  file.steps[0].name = `Check-in ${markup}`;
  await page.getByTestId('import').setInputFiles({ name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByTestId('scenario-name')).toHaveValue(`Dr ${markup}`);
  await finished(page);
  await expect(page.getByTestId('pool-frontDesk').locator('h4')).toHaveText(markup);
  await expect(page.getByTestId('step-row-checkIn')).toContainText('<script>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(errors).toEqual([]);
});

test.describe('main-thread responsiveness', () => {
  // A timing measurement on a 2-core machine that the simulation worker shares with the page. The page
  // draws every streamed update while the worker waits for it, one chart per frame, with no height change
  // (the run bar and the cards keep their size), so its frames take 3–20 ms of CPU. On a quiet machine this
  // test passed 10 of 10 attempts without retries (29 Nov 2026, load average 1.4–2.6); under a load average
  // of 5–7 from other processes a frame of 3–20 ms CPU can still stretch past 50 ms of wall time. Two more
  // attempts absorb such a spike from outside; a real regression (a long computation on the main thread)
  // fails all three.
  test.describe.configure({ retries: 2 });

  test('from the start of a run to its finished state the main thread has no long task over 50 ms', async ({ page }) => {
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      const w = window as unknown as { __long: { start: number; duration: number }[] };
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await freshStart(page);
    await page.getByTestId('advanced').locator('summary').click();
    await page.evaluate(() => performance.clearMarks());
    await page.getByTestId('replications').fill('2000');
    // Wait for the run's own "finished" mark inside the page, without polling: Playwright's expect polls
    // the page from its main thread, and those polls would be counted as the page's own tasks.
    await page.evaluate(() => new Promise<void>((resolve, reject) => {
      const done = () => performance.getEntriesByName('clinicflow:run-finished').length > 0;
      if (done()) return resolve();
      const observer = new PerformanceObserver(() => {
        if (!done()) return;
        observer.disconnect();
        resolve();
      });
      observer.observe({ type: 'mark' });
      setTimeout(() => reject(new Error('the run did not finish within 60 s')), 60_000);
    }));
    await finished(page);
    await page.waitForTimeout(400); // the lower charts draw a few frames after "finished": count them too
    const long = await page.evaluate(() => {
      const [start] = performance.getEntriesByName('clinicflow:run-start');
      const [end] = performance.getEntriesByName('clinicflow:run-finished');
      const tasks = (window as unknown as { __long: { start: number; duration: number }[] }).__long;
      // Every task that overlaps the run, from the task that starts it to the last chart drawn after it.
      return tasks.filter((t) => t.start + t.duration >= start.startTime && t.start <= end.startTime + 300).map((t) => ({ ...t, fromStart: Math.round(t.start - start.startTime), fromEnd: Math.round(t.start - end.startTime) }));
    });
    expect(long).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test('network presets load from the preset picker and run', async ({ page }) => {
  const errors = watchErrors(page);
  await freshStart(page);
  await page.getByTestId('preset').selectOption('mmc-erlang-c');
  await expect(page.getByTestId('scenario-name')).not.toHaveValue(/primary-care/);
  // A network's replications are long steady-state runs, not days.
  await expect(page.getByTestId('run-status')).toHaveText(/^Finished: \d+ runs simulated$/, { timeout: 60_000 });
  await expect(page.getByTestId('results')).toContainText(/\d+ of \d+ simulated runs/);
  await expect(page.getByTestId('card-value-totalWait')).toHaveText(/min/);
  expect(await page.getByTestId('chart-waits').locator('[data-testid="wait-box"]').count()).toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: 'test-results/screenshots/network-preset.png', fullPage: true });
  expect(errors).toEqual([]);
});
