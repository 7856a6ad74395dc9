import { byTestId } from './dom.ts';
import { parseId } from './format.ts';
import { messageLine } from './message-line.ts';

/** The user the page acts for; `id()` is undefined while there is none. */
export interface CurrentUser {
  id(): string | undefined;
  /** What to do when there is none, shown where an action needed one. */
  readonly hint: string;
}

export const USER_ID_HINT = 'Enter a user id (a whole number above 0) at the top of the page';
export const SIGN_IN_HINT = 'Sign in first';

/**
 * The user id field (AUTH_MODE=off): validates as the person types and calls `onChange` with each
 * valid id.
 */
export function mountUserField(root: HTMLElement, onChange: (userId: string) => void): CurrentUser {
  const input = byTestId<HTMLInputElement>(root, 'user-id');
  const message = messageLine(byTestId(root, 'user-id-message'));
  let current = parseId(input.value);
  input.addEventListener('input', () => {
    const parsed = parseId(input.value);
    input.setAttribute('aria-invalid', String(parsed === undefined));
    message.show(parsed === undefined ? 'A whole number from 1 to 9223372036854775807' : '', 'error');
    if (parsed !== undefined && parsed !== current) {
      current = parsed;
      onChange(parsed);
    }
    if (parsed === undefined) current = undefined;
  });
  return { id: () => current, hint: USER_ID_HINT };
}
