import { byTestId, h } from './dom.ts';
import { describeError } from './error-text.ts';
import { formatMoment } from './format.ts';
import type { MarketplaceApi, OrderSummary } from './marketplace-api.ts';
import { messageLine } from './message-line.ts';
import { createOrderHistory, itemCountText, type OrderHistory } from './order-history.ts';
import { FINAL_ORDER_STATUSES, type OrderWatch, watchOrder } from './order-watch.ts';
import type { CurrentUser } from './user-field.ts';

/** Orders a page of "My orders" shows; "More orders" reads the next. */
export const ORDERS_PAGE_SIZE = 10;

/**
 * "My orders": the current user's orders, newest first (LOMS OrderList), each with its status
 * followed live (the order panel's watch) until it is final; Show hands one to the order panel.
 */
export function mountMyOrders(
  root: HTMLElement,
  deps: { api: MarketplaceApi; user: CurrentUser; onShow(orderId: string): void },
) {
  const rows = byTestId(root, 'orders-rows');
  const message = messageLine(byTestId(root, 'orders-message'));
  const more = byTestId<HTMLButtonElement>(root, 'orders-more');
  const refreshButton = byTestId<HTMLButtonElement>(root, 'orders-refresh');
  const watches = new Map<string, OrderWatch>();
  let history: OrderHistory | undefined;
  /** Answers for an earlier user or an earlier refresh are dropped. */
  let generation = 0;

  const stopWatches = () => {
    for (const watch of watches.values()) watch.stop();
    watches.clear();
  };

  const placeholder = (text: string) =>
    rows.replaceChildren(
      h('tr', {}, h('td', { colspan: 5, class: 'placeholder', testid: 'orders-empty' }, text)),
    );

  const showStatus = (cell: HTMLElement, status: string) => {
    cell.textContent = status;
    cell.dataset.status = status;
  };

  const row = (order: OrderSummary) => {
    const status = h('span', { class: 'status', testid: 'my-order-status' });
    showStatus(status, order.status);
    const line = h(
      'tr',
      { testid: 'my-order', 'data-order-id': order.orderId },
      h('td', { testid: 'my-order-id' }, `#${order.orderId}`),
      h('td', {}, h('time', { datetime: order.createdAt }, formatMoment(order.createdAt))),
      h('td', { class: 'num' }, itemCountText(order.items)),
      h('td', {}, status),
      h(
        'td',
        { class: 'action' },
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            testid: 'my-order-show',
            'aria-label': `Show order ${order.orderId}`,
            onClick: () => deps.onShow(order.orderId),
          },
          'Show',
        ),
      ),
    );
    if (!FINAL_ORDER_STATUSES.has(order.status) && !watches.has(order.orderId))
      watches.set(
        order.orderId,
        watchOrder({
          load: async () => (await deps.api.orderInfo(order.orderId)).status,
          onStatus: (value) => {
            showStatus(status, value);
            status.removeAttribute('title');
          },
          // The watch keeps reading; the row says why its status may be stale.
          onError: (err) => status.setAttribute('title', describeError(err)),
          intervalMs: 2_000,
        }),
      );
    return line;
  };

  const render = (orders: OrderSummary[]) => {
    if (orders.length === 0) placeholder('No orders yet');
    else rows.replaceChildren(...orders.map(row));
    more.hidden = !history?.hasMore();
  };

  /** Runs a read of the list for the current user and shows what it gives. */
  const show = async (read: (history: OrderHistory) => Promise<OrderSummary[]>, fresh: boolean) => {
    const userId = deps.user.id();
    if (userId === undefined) {
      reset();
      return message.show(deps.user.hint, 'error');
    }
    const asked = ++generation;
    if (fresh || !history)
      history = createOrderHistory((token) => deps.api.ordersOf(userId, ORDERS_PAGE_SIZE, token));
    const reading = history;
    more.disabled = true;
    refreshButton.disabled = true;
    try {
      const orders = await read(reading);
      if (asked !== generation) return;
      // Rows are made anew: their watches go with the rows they update.
      stopWatches();
      render(orders);
      message.clear();
    } catch (err) {
      if (asked === generation) message.showError(err);
    } finally {
      if (asked === generation) {
        more.disabled = false;
        refreshButton.disabled = false;
      }
    }
  };

  /** Empty, for nobody (signed out, or no valid user id). */
  const reset = () => {
    generation++;
    stopWatches();
    history = undefined;
    more.hidden = true;
    refreshButton.disabled = false;
    placeholder('No orders to show');
    message.clear();
  };

  more.addEventListener('click', () => void show((list) => list.more(), false));
  refreshButton.addEventListener('click', () => void show((list) => list.first(), true));
  reset();

  return {
    /** Reads the first page for the current user again. */
    refresh: () => show((list) => list.first(), true),
    reset,
    /** A status the order panel learned: shown at once in the order's row, if listed. */
    statusOf(orderId: string, status: string) {
      const cell = rows.querySelector<HTMLElement>(
        `[data-testid="my-order"][data-order-id="${orderId}"] [data-testid="my-order-status"]`,
      );
      if (cell) showStatus(cell, status);
    },
  };
}
