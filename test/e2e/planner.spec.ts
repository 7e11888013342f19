import { test, expect } from '@playwright/test';
import { cardValue, finished, freshStart, rerun, watchErrors } from './helpers';

test.describe('the planner answers what-if questions', () => {
  test('one receptionist instead of two raises the check-in wait by more than its paired CI', async ({ page }) => {
    const errors = watchErrors(page);
    await freshStart(page);
    const before = await page.getByTestId('step-wait-checkIn').textContent();
    await expect(page.getByTestId('headcount-frontDesk')).toHaveValue('2');
    await page.getByRole('button', { name: 'People: one fewer' }).first().click();
    await expect(page.getByTestId('headcount-frontDesk')).toHaveValue('1');
    await rerun(page);
    const change = page.getByTestId('step-change-checkIn');
    await expect(change).toContainText('vs baseline');
    const low = Number(await change.getAttribute('data-low'));
    const mean = Number(await change.getAttribute('data-mean'));
    expect(low).toBeGreaterThan(0); // the whole paired 95% CI is above zero
    expect(mean).toBeGreaterThan(0);
    await expect(change).toHaveText(/^\+/);
    expect(await page.getByTestId('step-wait-checkIn').textContent()).not.toBe(before);
    await page.screenshot({ path: 'test-results/screenshots/one-receptionist.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  test('double-booking raises the wait for the provider and the overtime shown', async ({ page }) => {
    const errors = watchErrors(page);
    await freshStart(page);
    const waitBefore = await cardValue(page, 'providerWait');
    const overtimeBefore = await cardValue(page, 'overtime');
    await page.getByTestId('booking-policy').selectOption('doubleBookFirstSlots');
    await expect(page.getByTestId('policy-param')).toHaveValue('2');
    await rerun(page);
    expect(await cardValue(page, 'providerWait')).toBeGreaterThan(waitBefore);
    expect(await cardValue(page, 'overtime')).toBeGreaterThan(overtimeBefore);
    expect(Number(await page.getByTestId('card-change-providerWait').getAttribute('data-low'))).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('card-change-overtime').getAttribute('data-low'))).toBeGreaterThan(0);
    await expect(page.getByTestId('card-change-overtime')).toHaveClass(/worse/);
    expect(errors).toEqual([]);
  });

  test('moving checkout to the front desk shares that pool: the control, the serving order and the checkout wait change', async ({ page }) => {
    const errors = watchErrors(page);
    await freshStart(page);
    const before = await page.getByTestId('step-wait-checkout').textContent();
    await page.getByTestId('advanced').locator('summary').click();
    const pool = page.getByTestId('step-pool-checkout');
    await expect(pool).toHaveValue('billing');
    await expect(page.getByTestId('serving-order-frontDesk')).toHaveCount(0);
    await pool.selectOption('frontDesk');
    await expect(pool).toHaveValue('frontDesk');
    await expect(page.getByLabel('Checkout is done by')).toHaveValue('frontDesk');
    await expect(page.getByTestId('serving-order-frontDesk')).toHaveText('Order of service — Front desk: check-in first, then checkout.');
    await rerun(page);
    expect(await page.getByTestId('step-wait-checkout').textContent()).not.toBe(before);
    await expect(page.getByTestId('step-change-checkout')).toContainText('vs baseline');
    // Checkout first: a lower number for checkout than for check-in.
    await page.getByTestId('priority-checkIn').fill('1');
    await expect(page.getByTestId('serving-order-frontDesk')).toHaveText('Order of service — Front desk: checkout first, then check-in.');
    await rerun(page);
    // The office manager's float rule: the steps it covers and the line that triggers it.
    await expect(page.getByTestId('float-step-manager-checkIn')).toBeChecked();
    await expect(page.getByTestId('float-line-manager')).toHaveValue('3');
    await page.getByTestId('float-line-manager').fill('0');
    await expect(page.locator('[data-testid="field-error"][data-path="$.staffPools[3].float.lineAtLeast"]')).toBeVisible();
    await page.getByTestId('float-line-manager').fill('2');
    await rerun(page);
    await page.locator('fieldset', { hasText: 'Who serves each step' }).screenshot({ path: 'test-results/screenshots/shared-pools.png' });
    expect(errors).toEqual([]);
  });

  test('adding a provider books more patients; removing them again gives back the same numbers', async ({ page }) => {
    const errors = watchErrors(page);
    await freshStart(page);
    const seenBefore = await cardValue(page, 'seen');
    const totalBefore = await page.getByTestId('card-value-totalWait').textContent();
    await page.getByTestId('add-provider').click();
    const added = page.getByTestId('provider-provider4');
    await expect(added).toBeVisible();
    await expect(added.getByLabel('Name')).toHaveValue('Provider 4');
    await expect(added.getByLabel('Slot template')).toHaveValue('q20'); // copied from NP Cruz
    await rerun(page);
    expect(await cardValue(page, 'seen')).toBeGreaterThan(seenBefore);
    expect(Number(await page.getByTestId('card-change-seen').getAttribute('data-low'))).toBeGreaterThan(0);
    await page.getByTestId('remove-provider-provider4').click();
    await expect(added).toHaveCount(0);
    await rerun(page);
    // The same scenario and seed again: the same patients, the same numbers.
    expect(await cardValue(page, 'seen')).toBe(seenBefore);
    await expect(page.getByTestId('card-value-totalWait')).toHaveText(totalBefore ?? '');
    expect(errors).toEqual([]);
  });

  test('an invalid value shows its message next to the field and keeps the last results', async ({ page }) => {
    const errors = watchErrors(page);
    await freshStart(page);
    const total = await page.getByTestId('card-value-totalWait').textContent();
    await page.getByTestId('headcount-frontDesk').fill('0');
    const message = page.locator('[data-testid="field-error"][data-path="$.staffPools[0].headcount"]');
    await expect(message).toBeVisible();
    await expect(message).toContainText(/got 0/);
    await expect(page.getByTestId('headcount-frontDesk')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('issue-count')).toBeVisible();
    await page.waitForTimeout(800); // longer than the debounce: an invalid scenario must not run
    await expect(page.getByTestId('card-value-totalWait')).toHaveText(total ?? '');
    await page.getByTestId('headcount-frontDesk').fill('2');
    await expect(message).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/invalid-field.png' });
    expect(errors).toEqual([]);
  });
});

test.describe("keeping the user's work", () => {
  test('a bad import lists its problems and leaves the scenario untouched', async ({ page }) => {
    const errors = watchErrors(page);
    await freshStart(page);
    const name = await page.getByTestId('scenario-name').inputValue();
    const bad = { version: 1, kind: 'office', name: 'Broken', notes: 'x', openingHours: { opens: '08:00', closes: '07:00' }, sessions: [], visitTypes: [], examRooms: { count: -2 }, staffPools: [], providers: [], steps: [], pathways: {} };
    await page.getByTestId('import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const problems = page.getByTestId('import-problems');
    await expect(problems).toBeVisible();
    await expect(problems).toContainText('$.examRooms.count');
    expect(await problems.locator('li').count()).toBeGreaterThan(1);
    await expect(page.getByTestId('scenario-name')).toHaveValue(name);
    await expect(page.getByTestId('headcount-frontDesk')).toHaveValue('2');
    await page.getByTestId('import').setInputFiles({ name: 'not-json.json', mimeType: 'application/json', buffer: Buffer.from('{ nope') });
    await expect(problems).toContainText('not valid JSON');
    await expect(page.getByTestId('scenario-name')).toHaveValue(name);
    await page.screenshot({ path: 'test-results/screenshots/bad-import.png' });
    expect(errors).toEqual([]);
  });

  test('a reload keeps the edits (autosave)', async ({ page }) => {
    const errors = watchErrors(page);
    await freshStart(page);
    await page.getByTestId('scenario-name').fill('Thursday with one receptionist');
    await page.getByRole('button', { name: 'People: one fewer' }).first().click();
    await page.waitForTimeout(600);
    await page.reload();
    await expect(page.getByTestId('scenario-name')).toHaveValue('Thursday with one receptionist');
    await expect(page.getByTestId('headcount-frontDesk')).toHaveValue('1');
    await finished(page);
    expect(errors).toEqual([]);
  });

  test('a share link reproduces the scenario and, with the same seed, the same headline numbers', async ({ page, browser }) => {
    const errors = watchErrors(page);
    await freshStart(page);
    await page.getByTestId('scenario-name').fill('Shared office');
    await page.getByRole('button', { name: 'People: one more' }).nth(1).click();
    await rerun(page);
    const cards = await page.locator('[data-testid^="card-value-"]').allTextContents();
    await page.getByTestId('share').click();
    const url = await page.getByTestId('share-url').inputValue();
    expect(url).toContain('#s=');
    const other = await browser.newContext();
    const page2 = await other.newPage();
    const errors2 = watchErrors(page2);
    await page2.goto(url);
    await expect(page2.getByTestId('scenario-name')).toHaveValue('Shared office');
    await expect(page2.getByTestId('headcount-ma')).toHaveValue('4');
    await finished(page2);
    expect(await page2.locator('[data-testid^="card-value-"]').allTextContents()).toEqual(cards);
    await other.close();
    expect([...errors, ...errors2]).toEqual([]);
  });
});

test('cancel stops a long run within half a second, and the next run works', async ({ page }) => {
  const errors = watchErrors(page);
  await freshStart(page);
  await page.getByTestId('advanced').locator('summary').click();
  await page.getByTestId('replications').fill('50000');
  await expect(page.getByTestId('run-status')).toHaveText(/Simulating… \d+ of 50000/, { timeout: 10_000 });
  // The latency is measured by the page's own clock, from the click reaching the button to the status
  // saying so: what a user waits for. Timed from the test process, it also counted Playwright's round trips,
  // which a loaded 2-core machine stretches (585 ms once, with the page itself answering in time).
  await page.evaluate(() => {
    const w = window as unknown as { cancelClickedAt?: number; cancelShownAt?: number };
    const status = document.querySelector('[data-testid="run-status"]');
    const button = document.querySelector('[data-testid="cancel"]');
    if (!status || !button) throw new Error('run-status or cancel missing');
    button.addEventListener('click', () => (w.cancelClickedAt = performance.now()), { capture: true, once: true });
    new MutationObserver((_, observer) => {
      if (!/Cancelled/.test(status.textContent ?? '')) return;
      w.cancelShownAt = performance.now();
      observer.disconnect();
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('run-status')).toHaveText(/Cancelled/, { timeout: 5_000 });
  const latency = await page.evaluate(() => {
    const w = window as unknown as { cancelClickedAt?: number; cancelShownAt?: number };
    return (w.cancelShownAt ?? NaN) - (w.cancelClickedAt ?? NaN);
  });
  expect(latency).toBeGreaterThanOrEqual(0);
  expect(latency).toBeLessThan(500);
  const status = await page.getByTestId('run-status').textContent();
  await page.waitForTimeout(700);
  await expect(page.getByTestId('run-status')).toHaveText(status ?? ''); // nothing more arrives
  await page.getByTestId('replications').fill('100');
  await finished(page);
  await expect(page.getByTestId('run-status')).toHaveText('Finished: 100 days simulated');
  expect(errors).toEqual([]);
});
