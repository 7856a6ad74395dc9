import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../test/support/browser.ts';
import { openTab, visibleText } from '../test/support/storefront-page.ts';

/**
 * The purchase a person makes, in headless Chromium, against a stack that is already running
 * (`make run-all`, then `make e2e-stack`): STOREFRONT_URL, default http://localhost:8090. Only
 * relative checks, since the stack's data has a history. In either AUTH_MODE: with `off` a fresh
 * user id keeps the cart its own, with `jwt` a fresh account signs up.
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
  it('lets a person browse, add to the cart, check out and pay, and see the order in My orders', async () => {
    const tab = await openTab(browser, URL_UNDER_TEST);
    const { page, byId, choose, cartLine, myOrder, expectText, scriptErrors } = tab;
    const mode = await page.locator('meta[name="auth-mode"]').getAttribute('content');
    if (mode === 'jwt') {
      const email = `shopper-${randomUUID()}@example.com`;
      await byId('sign-up-name').fill('Shopper');
      await byId('sign-up-email').fill(email);
      await byId('sign-up-password').fill('correct horse battery');
      await byId('sign-up-submit').click();
      await expectText('account-name', `Shopper (${email})`);
    } else {
      await byId('user-id').fill(String(1_000_000 + Math.floor(Math.random() * 1_000_000)));
    }
    await byId('catalogue-row').first().waitFor();
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
    await expectText(myOrder(await visibleText(byId('order-id'))).getByTestId('my-order-status'), 'paid');
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(scriptErrors).toEqual([]);
  });
});
