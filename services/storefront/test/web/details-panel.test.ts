import { describe, expect, it } from 'vitest';
import { detailsPanel } from '../../src/web/details-panel.ts';

/** A panel's root with a placeholder and details, found by data-testid as on the page. */
const fakeRoot = () => {
  const elements: Record<string, { hidden: boolean }> = {
    'thing-empty': { hidden: false },
    'thing-details': { hidden: true },
  };
  const root = {
    querySelector: (selector: string) => elements[/data-testid="([^"]+)"/.exec(selector)?.[1] ?? ''] ?? null,
  };
  return {
    root: root as unknown as ParentNode,
    placeholder: elements['thing-empty']!,
    details: elements['thing-details']!,
  };
};

describe('a details panel', () => {
  it('shows the details in place of the placeholder, and the placeholder again', () => {
    const { root, placeholder, details } = fakeRoot();
    const panel = detailsPanel(root, { placeholder: 'thing-empty', details: 'thing-details' });
    panel.showDetails();
    expect([placeholder.hidden, details.hidden]).toEqual([true, false]);
    panel.showPlaceholder();
    expect([placeholder.hidden, details.hidden]).toEqual([false, true]);
  });

  it('fails at once when the page lacks one of its parts', () => {
    const { root } = fakeRoot();
    expect(() => detailsPanel(root, { placeholder: 'thing-empty', details: 'other-details' })).toThrow(
      'the page has no element with data-testid="other-details"',
    );
  });
});
