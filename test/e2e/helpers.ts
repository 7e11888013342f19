import { expect, type Page } from '@playwright/test';

/** Collects console errors and page errors; check `errors` is empty at the end of a test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Waits until the visible status says the run finished. */
export async function finished(page: Page, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId('run-status')).toHaveText(/Finished/, { timeout });
}

/** Waits for a new run to start and finish (after an edit). */
export async function rerun(page: Page): Promise<void> {
  await expect(page.getByTestId('run-status')).not.toHaveText(/Finished/, { timeout: 5_000 });
  await finished(page);
}

/** A card's numeric value (its mean), read from the page. */
export async function cardValue(page: Page, id: string): Promise<number> {
  return Number(await page.getByTestId(`card-${id}`).getAttribute('data-value'));
}

/** Opens the app with an empty IndexedDB (no autosave from an earlier test). */
export async function freshStart(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase('keyval-store');
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  }));
  await page.reload();
  await finished(page);
}
