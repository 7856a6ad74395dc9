import { describe, expect, it } from 'vitest';
import {
  MARKETPLACE_RECIPES,
  type MarketplaceServiceName,
  planStartWaves,
  type ServiceRecipe,
} from '../src/marketplace-services.ts';

describe('planStartWaves', () => {
  it('starts what the cart needs first: loms, then products, then the cart', () => {
    expect(planStartWaves(['cart'])).toEqual([['loms'], ['products'], ['cart']]);
  });

  it('starts services without dependencies together in the first wave', () => {
    expect(planStartWaves(['comments', 'cart'])).toEqual([['comments', 'loms'], ['products'], ['cart']]);
  });

  it('starts a service asked twice, or also needed by another, once', () => {
    expect(planStartWaves(['products', 'loms', 'products']).flat()).toEqual(['loms', 'products']);
  });

  it('refuses a dependency cycle, naming it', () => {
    const recipe = (dependsOn: MarketplaceServiceName[]): ServiceRecipe => ({
      ...MARKETPLACE_RECIPES.loms,
      dependsOn,
    });
    const cyclic = { ...MARKETPLACE_RECIPES, loms: recipe(['cart']) };
    expect(() => planStartWaves(['cart'], cyclic)).toThrow('dependency cycle: cart -> loms -> cart');
  });
});

describe('MARKETPLACE_RECIPES', () => {
  it('points the cart at the gRPC listeners of loms and products, with the products key and no products cache', () => {
    const env = MARKETPLACE_RECIPES.cart.env({
      databaseUrls: ['postgres://db/cart'],
      grpcAddressOf: (name) => `${name}:1`,
    });
    expect(env).toEqual({
      DATABASE_URL: 'postgres://db/cart',
      LOMS_GRPC_ADDRESS: 'loms:1',
      PRODUCTS_GRPC_ADDRESS: 'products:1',
      PRODUCTS_API_KEY: 'testToken',
      PRODUCT_CACHE_MAX_ENTRIES: '0',
    });
  });

  it('runs LOMS and products without their relays, so no test publishes to the stack topics', () => {
    const context = { databaseUrls: ['postgres://db/x'], grpcAddressOf: (name: string) => `${name}:1` };
    expect(MARKETPLACE_RECIPES.loms.env(context).OUTBOX_RELAY_ENABLED).toBe('false');
    expect(MARKETPLACE_RECIPES.products.env(context).OUTBOX_RELAY_ENABLED).toBe('false');
  });

  it('gives comments its two shard databases in order', () => {
    expect(MARKETPLACE_RECIPES.comments.databases).toHaveLength(2);
    const env = MARKETPLACE_RECIPES.comments.env({ databaseUrls: ['a', 'b'], grpcAddressOf: () => '' });
    expect(env).toEqual({ SHARD_URLS: 'a,b' });
  });
  it('starts a notifier that reaches no broker and no stack topic unless the caller names its own', () => {
    const env = MARKETPLACE_RECIPES.notifier.env({ databaseUrls: ['postgres://n'], grpcAddressOf: () => '' });
    expect(env).toMatchObject({ DATABASE_URL: 'postgres://n', KAFKA_BROKERS: '127.0.0.1:1' });
    expect(env.ORDER_EVENTS_TOPIC).not.toBe('loms.order-events');
  });
});
