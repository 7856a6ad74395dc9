import { ApiError, type ApiRequest } from './api-client.ts';

/** A catalogue entry; sku as a decimal string (int64 in products' JSON). */
export interface Product {
  sku: string;
  name: string;
  /** Minor units (kopecks, cents). */
  price: number;
}

export interface ProductPage {
  products: Product[];
  /** Where the next page starts; "0" on the last page. */
  nextStartAfterSku: string;
}

export interface CartLine {
  sku: string;
  name: string;
  count: number;
  price: number;
}

export interface Cart {
  items: CartLine[];
  totalPrice: number;
}

export interface OrderInfo {
  status: string;
  items: Array<{ sku: string; count: number }>;
}

/** One order of a user's history (LOMS OrderList). */
export interface OrderSummary {
  orderId: string;
  status: string;
  items: Array<{ sku: string; count: number }>;
  /** RFC 3339. */
  createdAt: string;
}

export interface OrderPage {
  orders: OrderSummary[];
  /** Where the next page starts; empty on the last page. */
  nextPageToken: string;
}

/** An account of the users service, as the page shows it. */
export interface Account {
  id: string;
  email: string;
  name: string;
}

/** A sign-in's answer. */
export interface AccessToken {
  accessToken: string;
  tokenType: string;
  /** Seconds. */
  expiresIn: number;
}

/** The calls the page makes only with AUTH_MODE=jwt: the proxy passes them in that mode only. */
export const ACCOUNT_CALLS = ['signUp', 'signIn', 'accountOf'] as const;

export interface ProductComment {
  id: string;
  userId: string;
  comment: string;
  createdAt: string;
}

/** The marketplace calls the page makes, typed, over the storefront's /api proxy. */
export function createMarketplaceApi(request: ApiRequest) {
  const post = <T>(service: 'cart' | 'loms' | 'comments' | 'users', path: string, body?: unknown) =>
    request<T>(service, path, { method: 'POST', body });
  return {
    listProducts: (count: number, startAfterSku: string) =>
      request<ProductPage>('products', `/product?count=${count}&start_after_sku=${startAfterSku}`),
    /** Available stock, or undefined when LOMS does not stock the sku. */
    async stockOf(sku: string): Promise<number | undefined> {
      try {
        return (await request<{ count: number }>('loms', `/stock/info?sku=${sku}`)).count;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return undefined;
        throw err;
      }
    },
    addToCart: (userId: string, sku: string, count: number) =>
      post<unknown>('cart', `/user/${userId}/cart/${sku}`, { count }),
    /** The user's cart; an absent or empty cart (404) is an empty one. */
    async cartOf(userId: string): Promise<Cart> {
      try {
        const cart = await request<{ items: CartLine[]; total_price: number }>(
          'cart',
          `/user/${userId}/cart`,
        );
        return {
          items: cart.items.map((line) => ({ ...line, sku: String(line.sku) })),
          totalPrice: cart.total_price,
        };
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return { items: [], totalPrice: 0 };
        throw err;
      }
    },
    removeFromCart: (userId: string, sku: string) =>
      request<unknown>('cart', `/user/${userId}/cart/${sku}`, { method: 'DELETE' }),
    clearCart: (userId: string) => request<unknown>('cart', `/user/${userId}/cart`, { method: 'DELETE' }),
    /** Places the order; resolves with its id. */
    async checkout(userId: string): Promise<string> {
      return String((await post<{ order_id: number | string }>('cart', `/checkout/${userId}`)).order_id);
    },
    orderInfo: (orderId: string) => request<OrderInfo>('loms', `/order/info?orderId=${orderId}`),
    /** A page of the user's orders, newest first; `pageToken` is the last page's `nextPageToken`. */
    async ordersOf(userId: string, pageSize: number, pageToken = ''): Promise<OrderPage> {
      const query = new URLSearchParams({ userId, pageSize: String(pageSize) });
      if (pageToken) query.set('pageToken', pageToken);
      const page = await request<Partial<OrderPage>>('loms', `/order/list?${query}`);
      return { orders: page.orders ?? [], nextPageToken: page.nextPageToken ?? '' };
    },
    payOrder: (orderId: string) => post<unknown>('loms', '/order/pay', { orderId }),
    cancelOrder: (orderId: string) => post<unknown>('loms', '/order/cancel', { orderId }),
    async commentsOf(sku: string): Promise<ProductComment[]> {
      return (await post<{ comments: ProductComment[] }>('comments', '/comment/list-by-sku', { sku }))
        .comments;
    },
    addComment: (userId: string, sku: string, comment: string) =>
      post<{ id: string }>('comments', '/comment/add', { user_id: userId, sku, comment }),
    /** Creates an account (a customer); resolves with it. */
    signUp: (account: { email: string; name: string; password: string }) =>
      post<Account>('users', '/api/v1/users', account),
    signIn: (email: string, password: string) =>
      post<AccessToken>('users', '/api/v1/auth/token', { email, password }),
    /** The signed-in visitor's own account. */
    accountOf: (userId: string) => request<Account>('users', `/api/v1/users/${userId}`),
  };
}

export type MarketplaceApi = ReturnType<typeof createMarketplaceApi>;
