import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/web/api-client.ts';
import { describeError } from '../../src/web/error-text.ts';
import { messageLine } from '../../src/web/message-line.ts';

/** What a message line sets on its element, without a DOM. */
const fakeElement = () => ({ textContent: '', hidden: true, dataset: {} as Record<string, string> });
const lineOn = (element: ReturnType<typeof fakeElement>) => messageLine(element as unknown as HTMLElement);

describe('a message line', () => {
  it('shows a sentence as info unless told its kind, and hides when cleared', () => {
    const element = fakeElement();
    const line = lineOn(element);
    line.show('Signing in…');
    expect(element).toEqual({ textContent: 'Signing in…', hidden: false, dataset: { kind: 'info' } });
    line.show('Order #7 placed', 'success');
    expect(element).toMatchObject({
      textContent: 'Order #7 placed',
      hidden: false,
      dataset: { kind: 'success' },
    });
    line.clear();
    expect(element).toMatchObject({ textContent: '', hidden: true });
  });

  it('shows what went wrong in the words describeError gives, as an error', () => {
    const element = fakeElement();
    const line = lineOn(element);
    const err = new ApiError('cart', 429, 'slow down');
    line.showError(err);
    expect(element).toEqual({ textContent: describeError(err), hidden: false, dataset: { kind: 'error' } });
    expect(element.textContent).toMatch(/busy/);
  });

  it('says whether it shows an error now', () => {
    const line = lineOn(fakeElement());
    expect(line.showsError()).toBe(false);
    line.show('Sign in first', 'error');
    expect(line.showsError()).toBe(true);
    line.show('Added', 'success');
    expect(line.showsError()).toBe(false);
    line.show('Sign in first', 'error');
    line.clear();
    expect(line.showsError()).toBe(false);
  });
});
