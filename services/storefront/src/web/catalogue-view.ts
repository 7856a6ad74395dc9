import { byTestId, h } from './dom.ts';
import { formatPrice } from './format.ts';
import type { MarketplaceApi, Product } from './marketplace-api.ts';
import { messageLine } from './message-line.ts';

const PAGE_SIZE = 10;

/**
 * The catalogue: a page of products by sku (keyset paging with Previous/Next); choosing a row
 * hands the product to `onSelect`.
 */
export function mountCatalogue(
  root: HTMLElement,
  deps: { api: MarketplaceApi; onSelect(product: Product): void },
) {
  const rows = byTestId(root, 'catalogue-rows');
  const message = messageLine(byTestId(root, 'catalogue-message'));
  const previous = byTestId<HTMLButtonElement>(root, 'catalogue-prev');
  const next = byTestId<HTMLButtonElement>(root, 'catalogue-next');
  const pageLabel = byTestId(root, 'catalogue-page');
  /** start_after_sku of every page seen so far; the last one is the page shown. */
  const starts = ['0'];
  let nextStart = '0';
  let selectedSku: string | undefined;

  const render = (products: Product[]) => {
    rows.replaceChildren(
      ...products.map((product) => {
        const row = h(
          'tr',
          { testid: 'catalogue-row', 'data-sku': product.sku, tabindex: 0 },
          h('td', { class: 'name' }, product.name),
          h('td', { class: 'num' }, formatPrice(product.price)),
        );
        const choose = () => {
          selectedSku = product.sku;
          for (const other of rows.children) other.classList.toggle('selected', other === row);
          deps.onSelect(product);
        };
        row.addEventListener('click', choose);
        row.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' || event.key === ' ') choose();
        });
        row.classList.toggle('selected', product.sku === selectedSku);
        return row;
      }),
    );
    if (products.length === 0) rows.append(h('tr', {}, h('td', { colspan: 2 }, 'No products yet')));
  };

  const load = async () => {
    const start = starts[starts.length - 1] ?? '0';
    previous.disabled = true;
    next.disabled = true;
    message.show('Loading…');
    try {
      const page = await deps.api.listProducts(PAGE_SIZE, start);
      render(page.products);
      nextStart = page.nextStartAfterSku;
      message.clear();
    } catch (err) {
      nextStart = '0';
      message.showError(err);
    }
    pageLabel.textContent = `Page ${starts.length}`;
    previous.disabled = starts.length === 1;
    next.disabled = nextStart === '0' || nextStart === '';
  };

  previous.addEventListener('click', () => {
    if (starts.length > 1) starts.pop();
    void load();
  });
  next.addEventListener('click', () => {
    starts.push(nextStart);
    void load();
  });
  return { load };
}
