import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../test/support/browser.ts';
import { openStorefront, visibleText } from '../test/support/storefront-page.ts';

/**
 * The purchase a person makes, in headless Chromium, against a stack that is already running
 * (`make run-all`, then `make e2e-stack`): STOREFRONT_URL, default http://localhost:8090. Only
 * relative checks, since the stack's data has a history; a fresh user id keeps the cart its own.
 */
const URL_UNDER_TEST = process.env.STOREFRONT_URL ?? 'http://localhost:8090';
const SCREENSHOT = new URL('../test-results/stack-purchase.png', import.meta.url).pathname;
const BOOK = '1076963';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe(`the running stack at ${URL_UNDER_TEST}`, () => {
  it('lets a person browse, add to the cart, check out and pay', async () => {
    const user = 1_000_000 + Math.floor(Math.random() * 1_000_000);
    const { page, byId, choose, cartLine, expectText, scriptErrors } = await openStorefront(
      browser,
      URL_UNDER_TEST,
      user,
    );
    await choose(BOOK);
    await expectText('product-stock', /^\d+ in stock$/);
    const stockBefore = Number.parseInt(await visibleText(byId('product-stock')), 10);
    await byId('add-count').fill('1');
    await byId('add-to-cart').click();
    await expectText(cartLine(BOOK).getByTestId('cart-line-count'), '1');
    await byId('checkout').click();
    await expectText('order-status', 'awaiting payment');
    await expectText('product-stock', `${stockBefore - 1} in stock`);
    await byId('order-pay').click();
    await expectText('order-status', 'paid');
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(scriptErrors).toEqual([]);
  });
});
