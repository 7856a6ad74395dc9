import { detailsPanel } from './details-panel.ts';
import { byTestId } from './dom.ts';
import { describeError } from './error-text.ts';
import { formatPrice, parsePositiveInt } from './format.ts';
import type { MarketplaceApi, Product } from './marketplace-api.ts';
import { messageLine } from './message-line.ts';
import type { CurrentUser } from './user-field.ts';

/** The chosen product: price, stock from LOMS, and the add-to-cart form. */
export function mountProduct(
  root: HTMLElement,
  deps: { api: MarketplaceApi; user: CurrentUser; onAdded(): void },
) {
  const panel = detailsPanel(root, { placeholder: 'product-empty', details: 'product-details' });
  const stock = byTestId(root, 'product-stock');
  const form = byTestId<HTMLFormElement>(root, 'add-form');
  const count = byTestId<HTMLInputElement>(root, 'add-count');
  const submit = byTestId<HTMLButtonElement>(root, 'add-to-cart');
  const message = messageLine(byTestId(root, 'product-message'));
  let product: Product | undefined;
  /** Answers for a product chosen earlier are dropped. */
  let generation = 0;

  const refreshStock = async () => {
    if (!product) return;
    const asked = ++generation;
    stock.textContent = 'Checking stock…';
    stock.dataset.state = 'loading';
    try {
      const available = await deps.api.stockOf(product.sku);
      if (asked !== generation) return;
      stock.textContent = available === undefined ? 'Not stocked' : `${available} in stock`;
      stock.dataset.state = available ? 'in-stock' : 'out';
    } catch (err) {
      if (asked !== generation) return;
      stock.textContent = describeError(err);
      stock.dataset.state = 'error';
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!product) return;
    const userId = deps.user.id();
    const quantity = parsePositiveInt(count.value);
    if (userId === undefined) return message.show(deps.user.hint, 'error');
    if (quantity === undefined) return message.show('Quantity must be a whole number above 0', 'error');
    const chosen = product;
    submit.disabled = true;
    try {
      await deps.api.addToCart(userId, chosen.sku, quantity);
      message.show(`Added ${quantity} × ${chosen.name} to the cart`, 'success');
      deps.onAdded();
    } catch (err) {
      message.showError(err);
    } finally {
      submit.disabled = false;
    }
  });

  return {
    show(chosen: Product) {
      product = chosen;
      panel.showDetails();
      byTestId(root, 'product-name').textContent = chosen.name;
      byTestId(root, 'product-sku').textContent = chosen.sku;
      byTestId(root, 'product-price').textContent = formatPrice(chosen.price);
      count.value = '1';
      message.clear();
      void refreshStock();
    },
    refreshStock,
  };
}
