import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, INVALID_ARGUMENT, NOT_FOUND } from '../support/expect-error.ts';
import { productsTransports } from '../support/products-transports.ts';
import { startTestProducts, type TestProducts } from '../support/test-products.ts';
import { waitForBatch } from '../support/wait-for-batch.ts';

let t: TestProducts;
let sku = 9_000;
const nextSku = () => String(++sku);

beforeAll(async () => {
  // LOMS is unreachable here: these batches carry prices only (stock is tested against a real LOMS).
  t = await startTestProducts();
});
afterAll(() => t?.stop());

describe.each(productsTransports(() => t))('asynchronous bulk updates over $name', (api) => {
  async function created(name: string, price: number) {
    const s = nextSku();
    await api.call('createProduct', { product: { sku: s, name, price } });
    return s;
  }

  /** Polls the batch until it is finished (done or failed). */
  const finished = (batchId: string) =>
    waitForBatch(async () => {
      const progress = await api.call('getIngestBatch', { batchId });
      if (!progress.ok) throw new Error(progress.message);
      return progress.json as { status: string } & Record<string, unknown>;
    });

  it('accepts a batch, and its progress reaches done with every price applied', async () => {
    const [a, b] = [await created('a', 10), await created('b', 20)];
    const accepted = await api.call('ingestEvents', {
      events: [
        { sku: a, price: 11 },
        { sku: b, price: 21 },
        { sku: a, price: 12 },
      ],
    });
    if (!accepted.ok) throw new Error(accepted.message);
    const batchId = accepted.json.batchId as string;
    expect(batchId).toMatch(/^[0-9a-f-]{36}$/);
    const progress = await finished(batchId);
    expect(progress).toMatchObject({
      batchId,
      status: 'done',
      total: 3,
      applied: 3,
      failed: 0,
      errors: [],
    });
    expect(progress.acceptedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    expect(await api.call('getProduct', { sku: a })).toMatchObject({ json: { product: { price: 12 } } });
    expect(await api.call('getProduct', { sku: b })).toMatchObject({ json: { product: { price: 21 } } });
  });

  it('reports events for unknown skus as failed, one line each', async () => {
    const unknown = nextSku();
    const accepted = await api.call('ingestEvents', { events: [{ sku: unknown, price: 5 }] });
    const batchId = accepted.ok ? (accepted.json.batchId as string) : '';
    expect(await finished(batchId)).toMatchObject({
      status: 'failed',
      total: 1,
      applied: 0,
      failed: 1,
      errors: [`event 0 (sku ${unknown}): product ${unknown} not found`],
    });
  });

  it.each([
    [
      'no events',
      { events: [] },
      'invalid IngestEventsRequest.events: value must contain at least 1 item(s)',
    ],
    [
      'a sku of 0',
      { events: [{ sku: '0', price: 1 }] },
      'invalid IngestEventsRequest.events[0].sku: value must be greater than 0',
    ],
    [
      'a price of 0',
      { events: [{ sku: '1', price: 0 }] },
      'invalid IngestEventsRequest.events[0].price: value must be greater than 0',
    ],
    [
      'neither price nor stock',
      { events: [{ sku: '1' }] },
      'invalid IngestEventsRequest.events[0]: value must set price or stock',
    ],
    [
      'more than 1000 events',
      { events: Array.from({ length: 1001 }, () => ({ sku: '1', stock: 1 })) },
      'invalid IngestEventsRequest.events: value must contain no more than 1000 item(s)',
    ],
  ])('rejects a batch with %s', async (_, request, message) => {
    expectError(await api.call('ingestEvents', request), INVALID_ARGUMENT, message);
  });

  it('answers NotFound for an unknown batch and InvalidArgument for a malformed id', async () => {
    expectError(
      await api.call('getIngestBatch', { batchId: '00000000-0000-4000-8000-000000000000' }),
      NOT_FOUND,
    );
    expectError(
      await api.call('getIngestBatch', { batchId: 'nope' }),
      INVALID_ARGUMENT,
      'invalid GetIngestBatchRequest.batch_id: value must be a valid UUID',
    );
  });
});
