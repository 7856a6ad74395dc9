import { byTestId, showMessage } from './dom.ts';
import { describeError } from './error-text.ts';
import type { MarketplaceApi } from './marketplace-api.ts';
import { FINAL_ORDER_STATUSES, type OrderWatch, watchOrder } from './order-watch.ts';

/** The last order placed from this page (or shown from My orders): id, live status, Pay and Cancel. */
export function mountOrder(
  root: HTMLElement,
  deps: { api: MarketplaceApi; onSettled(): void; onStatus?(orderId: string, status: string): void },
) {
  const empty = byTestId(root, 'order-empty');
  const details = byTestId(root, 'order-details');
  const status = byTestId(root, 'order-status');
  const pay = byTestId<HTMLButtonElement>(root, 'order-pay');
  const cancel = byTestId<HTMLButtonElement>(root, 'order-cancel');
  const live = byTestId(root, 'order-live');
  const actions = byTestId(root, 'order-actions');
  const message = byTestId(root, 'order-message');
  let orderId: string | undefined;
  let watch: OrderWatch | undefined;

  const showStatus = (value: string) => {
    const final = FINAL_ORDER_STATUSES.has(value);
    status.textContent = value;
    status.dataset.status = value;
    pay.disabled = value !== 'awaiting payment';
    cancel.disabled = value !== 'awaiting payment';
    live.hidden = final;
    actions.hidden = final;
    if (final) deps.onSettled();
  };

  const act = async (change: (id: string) => Promise<unknown>, done: string) => {
    if (!orderId) return;
    pay.disabled = true;
    cancel.disabled = true;
    try {
      await change(orderId);
      showMessage(message, done, 'success');
    } catch (err) {
      showMessage(message, describeError(err), 'error');
    }
    watch?.refresh();
  };

  pay.addEventListener('click', () => act((id) => deps.api.payOrder(id), 'Payment accepted'));
  cancel.addEventListener('click', () => act((id) => deps.api.cancelOrder(id), 'Order cancelled'));

  return {
    /** No order shown (another visitor signed in, or nobody). */
    reset() {
      watch?.stop();
      watch = undefined;
      orderId = undefined;
      empty.hidden = false;
      details.hidden = true;
      showMessage(message, '');
    },
    /** Shows a new order and follows its status every second until it is final. */
    show(id: string) {
      watch?.stop();
      orderId = id;
      empty.hidden = true;
      details.hidden = false;
      byTestId(root, 'order-id').textContent = id;
      status.textContent = '…';
      delete status.dataset.status;
      pay.disabled = true;
      cancel.disabled = true;
      live.hidden = false;
      actions.hidden = false;
      showMessage(message, '');
      watch = watchOrder({
        load: async () => (await deps.api.orderInfo(id)).status,
        onStatus: (value) => {
          showStatus(value);
          deps.onStatus?.(id, value);
          if (!message.hidden && message.dataset.kind === 'error') showMessage(message, '');
        },
        onError: (err) => showMessage(message, describeError(err), 'error'),
      });
    },
  };
}
