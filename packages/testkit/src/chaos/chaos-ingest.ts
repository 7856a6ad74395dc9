import type { ChaosCatalog } from './chaos-catalog.ts';
import { ackState, type ChaosLedger, tracedCall } from './chaos-ledger.ts';

/**
 * Sends one ingest batch over `skus` fresh skus, `eventsPerSku` events each (stock and price; the
 * last of a sku wins), and records it in the ledger. Answers the batch id when products took it.
 */
export async function submitIngestBatch(
  products: { url: string; apiKey: string },
  catalog: ChaosCatalog,
  ledger: ChaosLedger,
  skus: number,
  eventsPerSku: number,
  random: () => number,
): Promise<string | undefined> {
  const skuList = catalog.takeIngestSkus(skus);
  const events = Array.from({ length: eventsPerSku }).flatMap(() =>
    skuList.map((sku) => ({
      sku,
      stock: BigInt(Math.floor(random() * 10_000)),
      price: BigInt(1 + Math.floor(random() * 100_000)),
    })),
  );
  const { outcome, body } = await tracedCall(
    ledger,
    'POST /product/events',
    `${products.url}/product/events`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': products.apiKey },
      body: JSON.stringify({
        events: events.map((e) => ({ sku: String(e.sku), stock: Number(e.stock), price: Number(e.price) })),
      }),
    },
  );
  const batchId = /"batchId"\s*:\s*"([^"]+)"/.exec(body)?.[1];
  ledger.ingests.push({ batchId, events, state: ackState(outcome) });
  return batchId;
}
