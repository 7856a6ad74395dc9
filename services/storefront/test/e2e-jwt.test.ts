import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type MarketplaceStack, startMarketplaceServices } from '@marketplace/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { openTab, visibleText } from './support/storefront-page.ts';
import { stackEnv, startStorefrontProcess } from './support/storefront-process.ts';

/**
 * The stack with AUTH_MODE=jwt in headless Chromium: the users service, then loms, products, cart
 * and comments checking its tokens, and the storefront in the same mode. A person signs up, signs
 * in and out, buys and pays, and sees the order in My orders; another person sees none of it.
 */
// Each run's screenshot goes to test-results/ (not committed); UPDATE_SCREENSHOT=1 refreshes the
// one the README shows.
const SCREENSHOT = new URL(
  process.env.UPDATE_SCREENSHOT ? '../screenshots/storefront-jwt.png' : '../test-results/storefront-jwt.png',
  import.meta.url,
).pathname;
const BOOK = '1076963'; // "Теория нравственных чувств | Смит Адам", 33.79
const SESSION_KEY = 'marketplace.session';

let browser: Browser;
let users: MarketplaceStack;
let stack: MarketplaceStack;
let storefront: Awaited<ReturnType<typeof startStorefrontProcess>>;

beforeAll(async () => {
  browser = await launchChromium();
  // The users service first: the others need its JWKS address (and LOMS its gRPC one) at start.
  users = await startMarketplaceServices({
    services: ['users'],
    env: { users: { PASSWORD_HASH_COST: '10' } },
  });
  const jwt = { AUTH_MODE: 'jwt', USERS_JWKS_URL: `${users.httpUrl('users')}/.well-known/jwks.json` };
  stack = await startMarketplaceServices({
    services: ['cart', 'comments'],
    env: {
      loms: { ...jwt, USERS_GRPC_ADDRESS: users.services.users!.grpcAddress! },
      products: jwt,
      cart: jwt,
      comments: jwt,
    },
  });
  storefront = await startStorefrontProcess({
    ...stackEnv(stack),
    ...jwt,
    USERS_URL: users.httpUrl('users'),
  });
});

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
  await stack?.stop();
  await users?.stop();
});

/** A person of their own: a new email each run. */
function person(name: string) {
  return {
    name,
    email: `${name.toLowerCase()}-${randomUUID()}@example.com`,
    password: 'correct horse battery',
  };
}

/** Signs a new account up from the signed-out page; the page signs it in. */
async function signUp(tab: Awaited<ReturnType<typeof openTab>>, who: ReturnType<typeof person>) {
  await tab.byId('sign-up-name').fill(who.name);
  await tab.byId('sign-up-email').fill(who.email);
  await tab.byId('sign-up-password').fill(who.password);
  await tab.byId('sign-up-submit').click();
  await tab.expectText('account-name', `${who.name} (${who.email})`);
}

async function signIn(tab: Awaited<ReturnType<typeof openTab>>, email: string, password: string) {
  await tab.byId('sign-in-email').fill(email);
  await tab.byId('sign-in-password').fill(password);
  await tab.byId('sign-in-submit').click();
}

/** What the tab keeps of its session (sessionStorage). */
const sessionOf = (page: Page) =>
  page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? 'null'), SESSION_KEY) as Promise<{
    userId: string;
    accessToken: string;
  } | null>;

/** A call through the storefront's proxy from the page, with `token`; its status. */
const statusOf = (page: Page, path: string, token: string | undefined) =>
  page.evaluate(
    async ([url, bearer]) =>
      (await fetch(url!, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} })).status,
    [path, token] as const,
  );

const ann = person('Ann');
let annId: string;
let annOrder: string;

describe('the storefront with AUTH_MODE=jwt in a browser', () => {
  it('signs a person up, out and in, and without a session shows only the account forms', async () => {
    const tab = await openTab(browser, storefront.url);
    const { page, byId, expectText, scriptErrors } = tab;
    await byId('sign-in-form').waitFor();
    expect(await byId('shop').isHidden()).toBe(true);
    expect(await byId('user-bar').isHidden()).toBe(true);

    await byId('sign-up-submit').click();
    await expectText('account-message', 'Enter your name');
    await signUp(tab, ann);
    await byId('catalogue-row').first().waitFor();
    expect(await byId('account-panel').isHidden()).toBe(true);
    annId = (await sessionOf(page))!.userId;
    expect(annId).toMatch(/^\d+$/);

    await byId('sign-out').click();
    await expectText('account-message', 'You are signed out');
    expect(await byId('shop').isHidden()).toBe(true);
    expect(await sessionOf(page)).toBeNull();

    await signIn(tab, ann.email, 'not the password');
    await expectText('account-message', 'Wrong email or password');
    await signIn(tab, ann.email, ann.password);
    await expectText('account-name', `${ann.name} (${ann.email})`);

    // The same email again is refused in words.
    await byId('sign-out').click();
    await byId('sign-up-name').fill('Ann again');
    await byId('sign-up-email').fill(ann.email.toUpperCase());
    await byId('sign-up-password').fill('another password');
    await byId('sign-up-submit').click();
    await expectText('account-message', 'An account with this email already exists: sign in instead');
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('browses, adds, checks out and pays, and My orders shows the order paid', async () => {
    const tab = await openTab(browser, storefront.url);
    const { page, byId, choose, cartLine, myOrder, row, expectText, scriptErrors } = tab;
    await signIn(tab, ann.email, ann.password);
    await expectText('account-name', `${ann.name} (${ann.email})`);
    await expectText(row(BOOK), /^Теория нравственных чувств \| Смит Адам\s+33\.79$/);
    await expectText('orders-empty', 'No orders yet');

    await choose(BOOK);
    await expectText('product-stock', /^\d+ in stock$/);
    await byId('add-count').fill('2');
    await byId('add-to-cart').click();
    await expectText(cartLine(BOOK).getByTestId('cart-line-total'), '67.58');
    await byId('comment-text').fill('Signed-in comment.');
    await byId('comment-submit').click();
    await expectText(byId('comment-item').first(), new RegExp(`^User ${annId}\\s`));

    await byId('checkout').click();
    await expectText('order-status', 'awaiting payment');
    annOrder = await visibleText(byId('order-id'));
    await expectText(myOrder(annOrder).getByTestId('my-order-status'), 'awaiting payment');
    await byId('order-pay').click();
    await expectText('order-status', 'paid');
    await expectText(myOrder(annOrder).getByTestId('my-order-status'), 'paid');
    await expectText(myOrder(annOrder), /2 items/);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // A reload keeps the tab signed in, and reads the list again.
    await page.reload();
    await expectText('account-name', `${ann.name} (${ann.email})`);
    await expectText(myOrder(annOrder).getByTestId('my-order-status'), 'paid');
    expect(await byId('my-order').count()).toBe(1);
    // Show hands a listed order to the order panel.
    await expectText('order-empty', /^No order yet/);
    await myOrder(annOrder).getByTestId('my-order-show').click();
    await expectText('order-id', annOrder);
    await expectText('order-status', 'paid');
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it("shows another person none of the first one's orders, and the proxy refuses them", async () => {
    const tab = await openTab(browser, storefront.url);
    const { page, byId, expectText, scriptErrors } = tab;
    const bob = person('Bob');
    await signUp(tab, bob);
    await expectText('orders-empty', 'No orders yet');
    await expectText('cart-empty', 'Your cart is empty');
    expect(await byId('my-order').count()).toBe(0);

    const { userId: bobId, accessToken } = (await sessionOf(page))!;
    expect(bobId).not.toBe(annId);
    expect(await statusOf(page, `/api/loms/order/list?userId=${annId}&pageSize=10`, accessToken)).toBe(403);
    expect(await statusOf(page, `/api/cart/user/${annId}/cart`, accessToken)).toBe(403);
    expect(await statusOf(page, `/api/users/api/v1/users/${annId}`, accessToken)).toBe(403);
    // LOMS answers another user's order as a missing one.
    expect(await statusOf(page, `/api/loms/order/info?orderId=${annOrder}`, accessToken)).toBe(404);
    expect(await statusOf(page, `/api/loms/order/list?userId=${bobId}&pageSize=10`, accessToken)).toBe(200);
    // Without a token nothing but sign-up and sign-in goes through.
    expect(await statusOf(page, '/api/products/product?count=10&start_after_sku=0', undefined)).toBe(401);
    expect(await statusOf(page, `/api/loms/order/list?userId=${bobId}`, undefined)).toBe(401);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });

  it('asks to sign in again when the token is no longer accepted, or has run out', async () => {
    const tab = await openTab(browser, storefront.url);
    const { page, byId, myOrder, expectText, scriptErrors } = tab;
    await signIn(tab, ann.email, ann.password);
    await expectText('account-name', `${ann.name} (${ann.email})`);
    // The same claims under a signature no key made: what a token of a retired key looks like.
    await page.evaluate((key) => {
      const session = JSON.parse(sessionStorage.getItem(key)!);
      const [header, payload] = session.accessToken.split('.');
      sessionStorage.setItem(key, JSON.stringify({ ...session, accessToken: `${header}.${payload}.AAAA` }));
    }, SESSION_KEY);
    await page.reload();
    await expectText('account-message', 'Please sign in again');
    expect(await byId('shop').isHidden()).toBe(true);
    expect(await sessionOf(page)).toBeNull();
    await signIn(tab, ann.email, ann.password);
    await expectText('account-name', `${ann.name} (${ann.email})`);

    // Answers to calls made with the refused token may come in after this sign-in: they end no session
    // but their own.
    await expectText(myOrder(annOrder).getByTestId('my-order-status'), 'paid');
    expect((await sessionOf(page))?.userId).toBe(annId);
    expect(await byId('shop').isVisible()).toBe(true);

    // A session whose token runs out while the page is open ends then, without waiting for a call.
    await page.evaluate((key) => {
      const session = JSON.parse(sessionStorage.getItem(key)!);
      sessionStorage.setItem(key, JSON.stringify({ ...session, expiresAt: Date.now() + 3_000 }));
    }, SESSION_KEY);
    await page.reload();
    await expectText('account-name', `${ann.name} (${ann.email})`);
    await expectText('account-message', 'Please sign in again');
    expect(await byId('shop').isHidden()).toBe(true);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
