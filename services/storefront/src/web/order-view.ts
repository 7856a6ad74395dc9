import { detailsPanel } from './details-panel.ts';
import { byTestId } from './dom.ts';
import type { MarketplaceApi } from './marketplace-api.ts';
import { messageLine } from './message-line.ts';
import { FINAL_ORDER_STATUSES, type OrderWatch, watchOrder } from './order-watch.ts';

/** The last order placed from this page (or shown from My orders): id, live status, Pay and Cancel. */
export function mountOrder(
  root: HTMLElement,
  deps: { api: MarketplaceApi; onSettled(): void; onStatus?(orderId: string, status: string): void },
) {
  const panel = detailsPanel(root, { placeholder: 'order-empty', details: 'order-details' });
  const status = byTestId(root, 'order-status');
  const pay = byTestId<HTMLButtonElement>(root, 'order-pay');
  const cancel = byTestId<HTMLButtonElement>(root, 'order-cancel');
  const live = byTestId(root, 'order-live');
  const actions = byTestId(root, 'order-actions');
  const message = messageLine(byTestId(root, 'order-message'));
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
      message.show(done, 'success');
    } catch (err) {
      message.showError(err);
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
      panel.showPlaceholder();
      message.clear();
    },
    /** Shows a new order and follows its status every second until it is final. */
    show(id: string) {
      watch?.stop();
      orderId = id;
      panel.showDetails();
      byTestId(root, 'order-id').textContent = id;
      status.textContent = '…';
      delete status.dataset.status;
      pay.disabled = true;
      cancel.disabled = true;
      live.hidden = false;
      actions.hidden = false;
      message.clear();
      watch = watchOrder({
        load: async () => (await deps.api.orderInfo(id)).status,
        onStatus: (value) => {
          showStatus(value);
          deps.onStatus?.(id, value);
          if (message.showsError()) message.clear();
        },
        onError: (err) => message.showError(err),
      });
    },
  };
}
