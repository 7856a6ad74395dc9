import { mountAccount } from './account-view.ts';
import { createApiRequest } from './api-client.ts';
import { mountCart } from './cart-view.ts';
import { mountCatalogue } from './catalogue-view.ts';
import { mountComments } from './comments-view.ts';
import { byTestId } from './dom.ts';
import { createMarketplaceApi } from './marketplace-api.ts';
import { mountOrder } from './order-view.ts';
import { mountMyOrders } from './orders-view.ts';
import { authModeOf } from './page-mode.ts';
import { mountProduct } from './product-view.ts';
import { createSession } from './session.ts';
import { type CurrentUser, mountUserField } from './user-field.ts';

/**
 * Wires the panels of the page together; each panel owns its part of index.html. The storefront
 * writes its AUTH_MODE into the page: with `jwt` the visitor signs in and the page acts for them,
 * sending their token with every call; with `off` the user id field says whom it acts for.
 */
const mode = authModeOf(document);
const panel = (id: string) => byTestId(document, id);
const session = createSession(mode === 'jwt' ? safeSessionStorage() : undefined);
const api = createMarketplaceApi(
  createApiRequest(undefined, '/api', {
    token: () => (mode === 'jwt' ? session.current()?.accessToken : undefined),
    onTokenRefused: (token) => account?.tokenRefused(token),
  }),
);

const account =
  mode === 'jwt'
    ? mountAccount(
        { bar: panel('account-bar'), panel: panel('account-panel'), shop: panel('shop') },
        {
          api,
          session,
          onSignedIn: () => {
            order.reset();
            void catalogue.load();
            void cart.refresh();
            void orders.refresh();
          },
          onSignedOut: () => {
            order.reset();
            cart.clear();
            orders.reset();
          },
        },
      )
    : undefined;

const user: CurrentUser =
  account?.user ??
  mountUserField(panel('user-bar'), () => {
    void cart.refresh();
    void orders.refresh();
  });
const product = mountProduct(panel('product-panel'), { api, user, onAdded: () => void cart.refresh() });
const comments = mountComments(panel('comments-panel'), { api, user });
const order = mountOrder(panel('order-panel'), {
  api,
  onStatus: (orderId, status) => orders.statusOf(orderId, status),
  onSettled: () => void product.refreshStock(),
});
const orders = mountMyOrders(panel('orders-panel'), { api, user, onShow: (orderId) => order.show(orderId) });
const cart = mountCart(panel('cart-panel'), {
  api,
  user,
  onCheckout: (orderId) => {
    order.show(orderId);
    void product.refreshStock();
    void orders.refresh();
  },
});
const catalogue = mountCatalogue(panel('catalogue-panel'), {
  api,
  onSelect: (chosen) => {
    product.show(chosen);
    comments.show(chosen);
  },
});

if (account) {
  account.start();
} else {
  panel('user-bar').hidden = false;
  panel('shop').hidden = false;
  void catalogue.load();
  void cart.refresh();
  void orders.refresh();
}

/** This tab's sessionStorage, or none where the browser refuses it (the session then lives in memory). */
function safeSessionStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
