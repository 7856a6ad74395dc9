import { createApiRequest } from './api-client.ts';
import { mountCart } from './cart-view.ts';
import { mountCatalogue } from './catalogue-view.ts';
import { mountComments } from './comments-view.ts';
import { byTestId } from './dom.ts';
import { createMarketplaceApi } from './marketplace-api.ts';
import { mountOrder } from './order-view.ts';
import { mountProduct } from './product-view.ts';
import { mountUserField } from './user-field.ts';

/** Wires the panels of the page together; each panel owns its part of index.html. */
const api = createMarketplaceApi(createApiRequest());
const panel = (id: string) => byTestId(document, id);

const user = mountUserField(panel('user-bar'), () => void cart.refresh());
const product = mountProduct(panel('product-panel'), { api, user, onAdded: () => void cart.refresh() });
const comments = mountComments(panel('comments-panel'), { api, user });
const order = mountOrder(panel('order-panel'), {
  api,
  onSettled: () => void product.refreshStock(),
});
const cart = mountCart(panel('cart-panel'), {
  api,
  user,
  onCheckout: (orderId) => {
    order.show(orderId);
    void product.refreshStock();
  },
});
const catalogue = mountCatalogue(panel('catalogue-panel'), {
  api,
  onSelect: (chosen) => {
    product.show(chosen);
    comments.show(chosen);
  },
});

void catalogue.load();
void cart.refresh();
