/** What `h` accepts as children: nodes, text, and nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/** Element options: `testid` sets data-testid, `on*` functions become listeners, the rest attributes. */
export type Props = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

/** Creates an element with attributes, listeners and children (text is never parsed as HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'testid') element.dataset.testid = String(value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  element.append(...children.filter(isPresent).map((c) => (c instanceof Node ? c : String(c))));
  return element;
}

function isPresent(child: Child): child is Node | string | number {
  return child !== null && child !== undefined && child !== false;
}

/** The element with `data-testid="<id>"` under `root`; throws when the page lacks it. */
export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, id: string): T {
  const element = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`the page has no element with data-testid="${id}"`);
  return element;
}
