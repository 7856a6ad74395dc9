import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { freePort, type MarketplaceStack, startMarketplaceServices } from '@marketplace/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { openStorefront, visibleText } from './support/storefront-page.ts';
import { stackEnv, startStorefrontProcess } from './support/storefront-process.ts';

/**
 * A person clicks through the marketplace in headless Chromium: the storefront and the real
 * loms, products, cart and comments run as child processes over throwaway databases seeded from
 * fixtures/. Each test acts as its own user so the tests do not share a cart.
 */
// Each run's screenshot goes to test-results/ (not committed); UPDATE_SCREENSHOT=1 refreshes the
// one the README shows.
const SCREENSHOT = new URL(
  process.env.UPDATE_SCREENSHOT ? '../screenshots/storefront.png' : '../test-results/storefront.png',
  import.meta.url,
).pathname;
const BOOK = '1076963'; // "Теория нравственных чувств | Смит Адам", 33.79, 265 available
const NOTEBOOK = '1625903'; // 4.50
const DRIPPER = '1148162'; // 12.90, 300 available, nothing reserved
const BOARD_GAME = '2008795'; // in the catalogue, not stocked by LOMS

let browser: Browser;
let stack: MarketplaceStack;
let storefront: Awaited<ReturnType<typeof startStorefrontProcess>>;
const open = (userId: number, url = storefront.url) => openStorefront(browser, url, userId);

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startMarketplaceServices({ services: ['cart', 'comments'] });
  storefront = await startStorefrontProcess(stackEnv(stack));
});

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
  await stack?.stop();
});

describe('the storefront in a browser', () => {
  it('browses the catalogue a page at a time, with prices in currency units', async () => {
    const { page, byId, row, expectText, scriptErrors } = await open(1);
    await expectText(row(BOOK), /^Теория нравственных чувств \| Смит Адам\s+33\.79$/);
    expect(await byId('catalogue-row').count()).toBe(10);
    expect(await byId('catalogue-prev').isDisabled()).toBe(true);
    await byId('catalogue-next').click();
    await expectText('catalogue-page', 'Page 2');
    expect(await row(BOOK).count()).toBe(0);
    await byId('catalogue-next').click();
    await expectText('catalogue-page', 'Page 3');
    expect(await byId('catalogue-row').count()).toBe(4); // 24 products
    expect(await byId('catalogue-next').isDisabled()).toBe(true);
    await byId('catalogue-prev').click();
    await byId('catalogue-prev').click();
    await expectText('catalogue-page', 'Page 1');
    await expectText(row(BOOK), /33\.79$/);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('shows stock from LOMS, and "Not stocked" for a product LOMS does not keep', async () => {
    const { page, choose, expectText, scriptErrors } = await open(1);
    await choose(DRIPPER);
    await expectText('product-name', 'Ceramic pour-over coffee dripper');
    await expectText('product-price', '12.90');
    await expectText('product-stock', '300 in stock');
    await choose(BOARD_GAME);
    await expectText('product-stock', 'Not stocked');
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('lists comments newest first and takes new ones of 1 to 255 characters', async () => {
    const { page, byId, choose, expectText, scriptErrors } = await open(2);
    await choose(DRIPPER);
    await expectText('comment-list', 'No comments yet. Be the first.');
    expect(await byId('comment-submit').isDisabled()).toBe(true);
    await byId('comment-text').fill('a'.repeat(256));
    await expectText('comment-counter', '256 / 255');
    expect(await byId('comment-submit').isDisabled()).toBe(true);
    for (const text of ['Brews a clean cup.', 'Second week in, still love it.']) {
      await byId('comment-text').fill(text);
      await byId('comment-submit').click();
      await expectText(byId('comment-body').first(), text);
    }
    await expectText('comments-message', 'Thanks, your comment is posted');
    expect(await byId('comment-body').allInnerTexts()).toEqual([
      'Second week in, still love it.',
      'Brews a clean cup.',
    ]);
    await expectText(byId('comment-item').first(), /^User 2/);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('adds a product, checks out, pays, and watches the order become paid', async () => {
    const { page, byId, choose, cartLine, myOrder, expectText, scriptErrors } = await open(1);
    await choose(BOOK);
    await expectText('product-stock', /^\d+ in stock$/);
    const stockBefore = Number.parseInt(await visibleText(byId('product-stock')), 10);

    await byId('add-count').fill('2');
    await byId('add-to-cart').click();
    await expectText('product-message', 'Added 2 × Теория нравственных чувств | Смит Адам to the cart');
    await expectText(cartLine(BOOK).getByTestId('cart-line-total'), '67.58');
    await choose(NOTEBOOK);
    await byId('add-to-cart').click();
    await expectText('cart-total', '72.08');
    await cartLine(NOTEBOOK).getByTestId('cart-remove').click();
    await expectText('cart-total', '67.58');
    expect(await byId('cart-line').count()).toBe(1);
    await expectText(cartLine(BOOK).getByTestId('cart-line-count'), '2');

    await choose(BOOK);
    await byId('comment-text').fill('A classic. Arrived in two days, well packed.');
    await byId('comment-submit').click();
    await expectText(byId('comment-body').first(), 'A classic. Arrived in two days, well packed.');

    await byId('checkout').click();
    await expectText('order-id', /^\d+$/);
    await expectText('order-status', 'awaiting payment');
    await expectText('cart-empty', 'Your cart is empty');
    await expectText('product-stock', `${stockBefore - 2} in stock`);

    const orderId = await visibleText(byId('order-id'));
    await expectText(myOrder(orderId).getByTestId('my-order-status'), 'awaiting payment');
    await byId('order-pay').click();
    await expectText('order-status', 'paid');
    await expectText('order-message', 'Payment accepted');
    expect(await byId('order-actions').isHidden()).toBe(true);
    // My orders lists the typed user's orders, this one now paid.
    await expectText(myOrder(orderId).getByTestId('my-order-status'), 'paid');
    await expectText(myOrder(orderId), /2 items/);
    await expectText('product-stock', `${stockBefore - 2} in stock`);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('cancels an order, and explains refused requests in plain words', async () => {
    const { page, byId, choose, expectText, scriptErrors } = await open(3);
    await expectText('cart-empty', 'Your cart is empty');
    await choose(DRIPPER);
    await byId('user-id').fill('0');
    await expectText('user-id-message', 'A whole number from 1 to 9223372036854775807');
    await byId('add-to-cart').click();
    await expectText('product-message', /^Enter a user id/);
    await byId('user-id').fill('3');

    await byId('add-count').fill('100000');
    await byId('add-to-cart').click();
    await expectText('product-message', 'Not enough stock or unknown product');

    await byId('add-count').fill('1');
    await byId('add-to-cart').click();
    await expectText('cart-total', '12.90');
    await byId('checkout').click();
    await expectText('order-status', 'awaiting payment');
    await byId('order-cancel').click();
    await expectText('order-status', 'cancelled');
    await expectText('order-message', 'Order cancelled');
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('names the service that is down instead of showing an error dump', async () => {
    const [lomsDown, commentsDown] = [await freePort(), await freePort()];
    const degraded = await startStorefrontProcess({
      ...stackEnv(stack),
      LOMS_URL: `http://127.0.0.1:${lomsDown}`,
      COMMENTS_URL: `http://127.0.0.1:${commentsDown}`,
    });
    try {
      const { page, choose, expectText, scriptErrors } = await open(1, degraded.url);
      await choose(BOOK);
      await expectText('product-stock', 'The order service is unavailable, try again');
      await expectText('comments-message', 'The comments service is unavailable, try again');
      expect(scriptErrors).toEqual([]);
      await page.close();
    } finally {
      await degraded.stop();
    }
  });
});
