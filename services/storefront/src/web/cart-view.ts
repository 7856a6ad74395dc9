import { byTestId, h } from './dom.ts';
import { formatPrice } from './format.ts';
import type { Cart, MarketplaceApi } from './marketplace-api.ts';
import { messageLine } from './message-line.ts';
import type { CurrentUser } from './user-field.ts';

/** The user's cart: lines with totals, remove, clear and checkout. */
export function mountCart(
  root: HTMLElement,
  deps: { api: MarketplaceApi; user: CurrentUser; onCheckout(orderId: string): void },
) {
  const rows = byTestId(root, 'cart-rows');
  const total = byTestId(root, 'cart-total');
  const checkout = byTestId<HTMLButtonElement>(root, 'checkout');
  const clear = byTestId<HTMLButtonElement>(root, 'cart-clear');
  const message = messageLine(byTestId(root, 'cart-message'));
  let generation = 0;

  const render = (cart: Cart) => {
    rows.replaceChildren(
      ...cart.items.map((line) =>
        h(
          'tr',
          { testid: 'cart-line', 'data-sku': line.sku },
          h('td', { class: 'name' }, line.name),
          h('td', { class: 'num', testid: 'cart-line-count' }, line.count),
          h('td', { class: 'num' }, formatPrice(line.price)),
          h('td', { class: 'num', testid: 'cart-line-total' }, formatPrice(line.price * line.count)),
          h(
            'td',
            { class: 'action' },
            h(
              'button',
              {
                type: 'button',
                class: 'link danger',
                testid: 'cart-remove',
                'aria-label': `Remove ${line.name}`,
                onClick: () => act((userId) => deps.api.removeFromCart(userId, line.sku)),
              },
              'Remove',
            ),
          ),
        ),
      ),
    );
    const isEmpty = cart.items.length === 0;
    if (isEmpty)
      rows.append(
        h(
          'tr',
          {},
          h('td', { colspan: 5, class: 'placeholder', testid: 'cart-empty' }, 'Your cart is empty'),
        ),
      );
    total.textContent = formatPrice(cart.totalPrice);
    checkout.disabled = isEmpty;
    clear.disabled = isEmpty;
  };

  const refresh = async () => {
    const userId = deps.user.id();
    if (userId === undefined) return message.show(deps.user.hint, 'error');
    const asked = ++generation;
    try {
      const cart = await deps.api.cartOf(userId);
      if (asked !== generation) return;
      render(cart);
    } catch (err) {
      if (asked === generation) message.showError(err);
    }
  };

  /** Runs a cart change for the current user, then shows the cart as it now is. */
  const act = async (change: (userId: string) => Promise<unknown>) => {
    const userId = deps.user.id();
    if (userId === undefined) return message.show(deps.user.hint, 'error');
    message.clear();
    try {
      await change(userId);
    } catch (err) {
      message.showError(err);
    }
    await refresh();
  };

  checkout.addEventListener('click', () =>
    act(async (userId) => {
      checkout.disabled = true;
      const orderId = await deps.api.checkout(userId);
      message.show(`Order #${orderId} placed`, 'success');
      deps.onCheckout(orderId);
    }),
  );
  clear.addEventListener('click', () => act((userId) => deps.api.clearCart(userId)));
  return {
    refresh: async () => {
      message.clear();
      await refresh();
    },
    /** Shows no cart (nobody signed in); answers still on their way are dropped. */
    clear() {
      generation++;
      message.clear();
      render({ items: [], totalPrice: 0 });
    },
  };
}
