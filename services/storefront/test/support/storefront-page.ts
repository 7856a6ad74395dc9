import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The services answer through real processes on a shared machine: wait generously. */
const PATIENCE_MS = 20_000;

/** A browser tab on the storefront at 1280x800, acting for `userId`, recording script errors. */
export async function openStorefront(browser: Browser, url: string, userId: number) {
  const tab = await openTab(browser, url);
  await tab.page.getByTestId('user-id').fill(String(userId));
  await tab.page.getByTestId('catalogue-row').first().waitFor();
  return tab;
}

/**
 * A new browser tab (its own context: no session of another tab) on the storefront at 1280x800,
 * as loaded, recording script errors.
 */
export async function openTab(browser: Browser, url: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const scriptErrors: string[] = [];
  page.on('pageerror', (err) => scriptErrors.push(err.message));
  await page.goto(url);
  return { page, scriptErrors, ...pageHelpers(page) };
}

/** The element's text as a person sees it (rendered, trimmed), waiting for it to exist. */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, which is what this test asserts
  return locator.innerText({ timeout: PATIENCE_MS }).then((text) => text.trim());
}

function pageHelpers(page: Page) {
  const byId = (testId: string) => page.getByTestId(testId);
  return {
    byId,
    /** The catalogue row of a sku. */
    row: (sku: string) => page.locator(`[data-testid="catalogue-row"][data-sku="${sku}"]`),
    cartLine: (sku: string) => page.locator(`[data-testid="cart-line"][data-sku="${sku}"]`),
    /** The row of an order in My orders. */
    myOrder: (orderId: string) => page.locator(`[data-testid="my-order"][data-order-id="${orderId}"]`),
    /** Waits until the element's visible text equals (string) or matches (RegExp) `expected`. */
    async expectText(target: string | Locator, expected: string | RegExp) {
      const locator = typeof target === 'string' ? byId(target) : target;
      const read = () => visibleText(locator);
      if (typeof expected === 'string') await expect.poll(read, { timeout: PATIENCE_MS }).toBe(expected);
      else await expect.poll(read, { timeout: PATIENCE_MS }).toMatch(expected);
    },
    /** Picks a product in the catalogue and waits for its stock line. */
    async choose(sku: string) {
      await page.locator(`[data-testid="catalogue-row"][data-sku="${sku}"]`).click();
      await expect.poll(() => visibleText(byId('product-sku')), { timeout: PATIENCE_MS }).toBe(sku);
      await expect
        .poll(() => byId('product-stock').getAttribute('data-state'), { timeout: PATIENCE_MS })
        .not.toBe('loading');
    },
  };
}
