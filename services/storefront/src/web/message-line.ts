import { describeError } from './error-text.ts';

export type MessageKind = 'info' | 'success' | 'error';

/** A panel's message line: one short sentence for the visitor, or nothing (hidden). */
export interface MessageLine {
  /** Shows `text` as `kind` (info by default); an empty text clears the line. */
  show(text: string, kind?: MessageKind): void;
  /** Shows what went wrong, in the visitor's words (describeError). */
  showError(err: unknown): void;
  clear(): void;
  /** Whether the line shows an error now. */
  showsError(): boolean;
}

/** The message line that `element` is. */
export function messageLine(element: HTMLElement): MessageLine {
  const show = (text: string, kind: MessageKind = 'info') => {
    element.textContent = text;
    element.dataset.kind = kind;
    element.hidden = text === '';
  };
  return {
    show,
    showError: (err) => show(describeError(err), 'error'),
    clear: () => show(''),
    showsError: () => !element.hidden && element.dataset.kind === 'error',
  };
}
