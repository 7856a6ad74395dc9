import { detailsPanel } from './details-panel.ts';
import { byTestId, h } from './dom.ts';
import { codePointLength, formatMoment } from './format.ts';
import type { MarketplaceApi, Product, ProductComment } from './marketplace-api.ts';
import { messageLine } from './message-line.ts';
import type { CurrentUser } from './user-field.ts';

/** The comments service's limit, in code points. */
export const MAX_COMMENT_LENGTH = 255;

/** Comments on the chosen product, newest first, and a form to add one. */
export function mountComments(root: HTMLElement, deps: { api: MarketplaceApi; user: CurrentUser }) {
  const panel = detailsPanel(root, { placeholder: 'comments-empty', details: 'comments-body' });
  const list = byTestId(root, 'comment-list');
  const form = byTestId<HTMLFormElement>(root, 'comment-form');
  const text = byTestId<HTMLTextAreaElement>(root, 'comment-text');
  const counter = byTestId(root, 'comment-counter');
  const submit = byTestId<HTMLButtonElement>(root, 'comment-submit');
  const message = messageLine(byTestId(root, 'comments-message'));
  let product: Product | undefined;
  let generation = 0;

  const updateCounter = () => {
    const length = codePointLength(text.value.trim());
    counter.textContent = `${length} / ${MAX_COMMENT_LENGTH}`;
    counter.dataset.over = String(length > MAX_COMMENT_LENGTH);
    submit.disabled = length === 0 || length > MAX_COMMENT_LENGTH;
  };

  const render = (comments: ProductComment[]) => {
    list.replaceChildren(
      ...comments.map((comment) =>
        h(
          'li',
          { testid: 'comment-item', class: 'comment' },
          h(
            'div',
            { class: 'comment-meta' },
            h('strong', {}, `User ${comment.userId}`),
            h('time', { datetime: comment.createdAt }, formatMoment(comment.createdAt)),
          ),
          h('p', { testid: 'comment-body' }, comment.comment),
        ),
      ),
    );
    if (comments.length === 0)
      list.append(h('li', { class: 'placeholder' }, 'No comments yet. Be the first.'));
  };

  const load = async () => {
    if (!product) return;
    const asked = ++generation;
    try {
      const comments = await deps.api.commentsOf(product.sku);
      if (asked === generation) render(comments);
    } catch (err) {
      if (asked !== generation) return;
      list.replaceChildren();
      message.showError(err);
    }
  };

  text.addEventListener('input', updateCounter);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!product) return;
    const userId = deps.user.id();
    if (userId === undefined) return message.show(deps.user.hint, 'error');
    submit.disabled = true;
    try {
      await deps.api.addComment(userId, product.sku, text.value.trim());
      text.value = '';
      message.show('Thanks, your comment is posted', 'success');
      await load();
    } catch (err) {
      message.showError(err);
    } finally {
      updateCounter();
    }
  });

  return {
    show(chosen: Product) {
      product = chosen;
      panel.showDetails();
      message.clear();
      list.replaceChildren(h('li', { class: 'placeholder' }, 'Loading comments…'));
      updateCounter();
      void load();
    },
  };
}
