import { ApiError, type ServiceName } from './api-client.ts';

/** How the page names each backend to a person. */
export const SERVICE_LABELS: Readonly<Record<ServiceName, string>> = {
  cart: 'The cart service',
  products: 'The product catalogue',
  loms: 'The order service',
  comments: 'The comments service',
  users: 'The account service',
};

/** A token that is missing, expired or no longer valid (401 with a Bearer challenge). */
export const SIGN_IN_AGAIN = 'Please sign in again';
/** The signed-in visitor asked for another user's cart, orders or account (403). */
export const NOT_YOURS = 'That belongs to another account';
/** The order service refused the user: their account is suspended or inactive (403). */
export const NOT_ACTIVE = 'Your account may not place orders: it is not active';

/** Server messages longer than this are cut: a person reads a sentence, not a dump. */
const MAX_MESSAGE_LENGTH = 200;

/**
 * A plain sentence for a failed call, never a stack or a JSON dump: 412 is a stock problem, 404 on
 * the cart an empty cart, 502/503 an unavailable service, 400 the server's own message. With a
 * signed-in visitor (AUTH_MODE=jwt) a refused token (401) asks them to sign in again and a 403 says
 * the thing is another account's; without one, 401 and 403 are the storefront's own refusal.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong on this page, reload it and try again';
  const label = SERVICE_LABELS[err.service];
  switch (err.status) {
    case 0:
      return 'The storefront cannot be reached, check your connection and try again';
    case 400:
      return sentence(err.serverMessage) || `${label} did not accept the request`;
    case 401:
      return err.tokenRefused ? SIGN_IN_AGAIN : `The storefront is not allowed to use ${lowerFirst(label)}`;
    case 403:
      // LOMS's users check (through the cart's checkout): a suspended or inactive account.
      if (/account is not active/i.test(err.serverMessage)) return NOT_ACTIVE;
      return err.tokenSent ? NOT_YOURS : `The storefront is not allowed to use ${lowerFirst(label)}`;
    case 404:
      return err.service === 'cart' ? 'Your cart is empty' : 'Not found: it may have been removed';
    case 412:
      return 'Not enough stock or unknown product';
    case 429:
      return `${label} is busy, wait a moment and try again`;
    case 502:
    case 503:
      return `${label} is unavailable, try again`;
    case 504:
      return `${label} did not answer in time, try again`;
    default:
      return `${label} had a problem (error ${err.status}), try again`;
  }
}

/** First letter up, trimmed, cut to a readable length. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const cut = trimmed.length > MAX_MESSAGE_LENGTH ? `${trimmed.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : trimmed;
  return cut.charAt(0).toUpperCase() + cut.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export type AccountAction = 'sign-in' | 'sign-up';

/**
 * A failed sign-in or sign-up in plain words: a wrong email or password (401, the same for both, as
 * the users service answers), a taken email (409), too many failed tries (429), an account that may
 * not sign in (403); the rest as describeError says.
 */
export function describeAccountError(err: unknown, action: AccountAction): string {
  if (!(err instanceof ApiError) || err.service !== 'users') return describeError(err);
  switch (err.status) {
    case 401:
      return action === 'sign-in' ? 'Wrong email or password' : describeError(err);
    case 403:
      return action === 'sign-in'
        ? 'This account cannot sign in (suspended or inactive)'
        : describeError(err);
    case 409:
      return 'An account with this email already exists: sign in instead';
    case 429:
      return action === 'sign-in'
        ? 'Too many failed sign-ins for this email, wait a minute and try again'
        : describeError(err);
    default:
      return describeError(err);
  }
}
