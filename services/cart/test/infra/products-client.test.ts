import { Code, ConnectError } from '@connectrpc/connect';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCartConfig } from '../../src/config.ts';
import { DependencyUnavailableError } from '../../src/domain/errors.ts';
import { createProductsClient, type ProductsClient } from '../../src/infra/products-client.ts';
import { type FakeProducts, startFakeProducts } from '../support/fake-services.ts';

const SKUS = Array.from({ length: 150 }, (_, i) => BigInt(1000 + i));
let fake: FakeProducts;
const clients: ProductsClient[] = [];

beforeAll(async () => {
  fake = await startFakeProducts(SKUS.map((sku) => ({ sku, name: `product ${sku}`, price: Number(sku) })));
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  fake.script.reset();
});
afterAll(() => fake?.close());

function client(env: Record<string, string> = {}, registry = new Registry()) {
  const { products } = readCartConfig({
    PRODUCTS_GRPC_ADDRESS: fake.address,
    PRODUCTS_API_KEY: 'secret-key',
    PRODUCTS_RATE_LIMIT: '1000',
    PRODUCTS_RATE_BURST: '1000',
    ...env,
  });
  const created = createProductsClient(products, [], pino({ level: 'silent' }), registry);
  clients.push(created);
  return created;
}
const signal = () => AbortSignal.timeout(10_000);
const methods = () => fake.script.calls.map((c) => `${c.method}:${c.skus.length}`);

describe('products client', () => {
  it('asks for up to 100 skus in one BatchGetProducts call and leaves unknown skus out', async () => {
    const wanted = [...SKUS.slice(0, 19), 5n];
    const found = await client().getProducts(wanted, signal());
    expect(methods()).toEqual(['BatchGetProducts:20']);
    expect(found.size).toBe(19);
    expect(found.get(1000n)).toEqual({ sku: 1000n, name: 'product 1000', price: 1000 });
    expect(found.has(5n)).toBe(false);
  });

  it('splits more than 100 skus into chunks and asks each sku once', async () => {
    const found = await client().getProducts([...SKUS, SKUS[0]!], signal());
    expect(methods().sort()).toEqual(['BatchGetProducts:100', 'BatchGetProducts:50']);
    expect(found.size).toBe(150);
  });

  it('asks GetProduct for a single sku, an unknown one answering an empty map', async () => {
    const products = client();
    expect((await products.getProducts([1001n], signal())).get(1001n)?.name).toBe('product 1001');
    expect((await products.getProducts([5n], signal())).size).toBe(0);
    expect(methods()).toEqual(['GetProduct:1', 'GetProduct:1']);
  });

  it('sends the API key with every call', async () => {
    await client().getProducts([1001n, 1002n], signal());
    expect(fake.script.calls[0]?.headers.get('x-api-key')).toBe('secret-key');
  });

  it('with batches of 1, asks for every sku in parallel', async () => {
    fake.script.delayMs = 200;
    const found = await client({ PRODUCTS_BATCH_SIZE: '1' }).getProducts(SKUS.slice(0, 5), signal());
    expect(found.size).toBe(5);
    expect(methods()).toEqual(Array(5).fill('GetProduct:1'));
    expect(fake.script.maxInFlight).toBe(5);
  });

  it('cancels the other lookups of a request on the first error', async () => {
    fake.script.delayMs = 5_000;
    fake.script.failSku = { sku: 1000n, error: new ConnectError('bug', Code.Internal) };
    const products = client({ PRODUCTS_BATCH_SIZE: '1' });
    const lookup = products.getProducts([1000n, 1001n], signal());
    await expect(lookup).rejects.toThrow('products service failed');
    // The other call would take 5 s: its server side sees the cancellation long before.
    await expect.poll(() => fake.script.calls.find((c) => c.skus[0] === 1001n)?.signal.aborted).toBe(true);
  });

  it('waits for rate-limit tokens instead of failing', async () => {
    const products = client({ PRODUCTS_RATE_LIMIT: '5', PRODUCTS_RATE_BURST: '1' });
    const started = performance.now();
    for (const sku of SKUS.slice(0, 3)) await products.getProducts([sku], signal());
    expect(fake.script.calls).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('retries ResourceExhausted after the retry-after the server asked for', async () => {
    fake.script.failures.push(
      new ConnectError('rate limit', Code.ResourceExhausted, new Headers({ 'retry-after': '0.3' })),
    );
    const found = await client().getProducts([1000n, 1001n], signal());
    expect(found.size).toBe(2);
    const [first, second] = fake.script.calls;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(290);
  });

  it('answers overloaded after three refusals, never passing the 429 on', async () => {
    for (let i = 0; i < 3; i++)
      fake.script.failures.push(new ConnectError('rate limit', Code.ResourceExhausted));
    const lookup = client().getProducts([1000n, 1001n], signal());
    await expect(lookup).rejects.toThrow(DependencyUnavailableError);
    await expect(lookup).rejects.toThrow('products service is overloaded; try again later');
    expect(fake.script.calls).toHaveLength(3);
  });

  it('gives each call a deadline', async () => {
    fake.script.delayMs = 5_000;
    const lookup = client({ PRODUCTS_CALL_TIMEOUT: '200ms' }).getProducts([1000n, 1001n], signal());
    await expect(lookup).rejects.toThrow('products service did not answer in time; try again later');
  });

  it('opens the circuit after consecutive failures and then fails at once without calling', async () => {
    const products = client({ PRODUCTS_BREAKER_FAILURES: '2', PRODUCTS_RETRY_ATTEMPTS: '1' });
    for (let i = 0; i < 2; i++) fake.script.failures.push(new ConnectError('down', Code.Unavailable));
    await expect(products.getProducts([1000n, 1001n], signal())).rejects.toThrow(
      'products service is unavailable',
    );
    await expect(products.getProducts([1000n, 1001n], signal())).rejects.toThrow(
      'products service is unavailable',
    );
    expect(products.circuit).toBe('open');
    const calls = fake.script.calls.length;
    await expect(products.getProducts([1000n, 1001n], signal())).rejects.toThrow(/circuit breaker open/);
    expect(fake.script.calls).toHaveLength(calls);
  });

  it('reports retries, rate-limit waits and the circuit state as metrics', async () => {
    const registry = new Registry();
    const products = client({ PRODUCTS_BREAKER_FAILURES: '2', PRODUCTS_RETRY_ATTEMPTS: '2' }, registry);
    for (let i = 0; i < 2; i++) fake.script.failures.push(new ConnectError('down', Code.Unavailable));
    await expect(products.getProducts([1000n, 1001n], signal())).rejects.toThrow();
    const text = await registry.metrics();
    expect(text).toMatch(/client_retries_total\{client="products"\} 1/);
    expect(text).toMatch(/client_rate_limit_wait_seconds_count\{client="products"\} 2/);
    expect(text).toMatch(/client_circuit_breaker_state\{client="products",state="open"\} 1/);
    expect(text).toMatch(/client_circuit_breaker_state\{client="products",state="closed"\} 0/);
  });

  it('rejects with the caller’s reason when the caller gives up', async () => {
    fake.script.delayMs = 5_000;
    const caller = new AbortController();
    const lookup = client().getProducts([1000n, 1001n], caller.signal);
    await expect.poll(() => fake.script.calls.length).toBe(1);
    caller.abort(new Error('request deadline'));
    await expect(lookup).rejects.toThrow('request deadline');
  });
});
