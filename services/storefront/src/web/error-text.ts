import { ApiError, type ServiceName } from './api-client.ts';

/** How the page names each backend to a person. */
export const SERVICE_LABELS: Readonly<Record<ServiceName, string>> = {
  cart: 'The cart service',
  products: 'The product catalogue',
  loms: 'The order service',
  comments: 'The comments service',
};

/** Server messages longer than this are cut: a person reads a sentence, not a dump. */
const MAX_MESSAGE_LENGTH = 200;

/**
 * A plain sentence for a failed call, never a stack or a JSON dump: 412 is a stock problem, 404 on
 * the cart an empty cart, 502/503 an unavailable service, 400 the server's own message.
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
    case 403:
      return `The storefront is not allowed to use ${lowerFirst(label)}`;
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
