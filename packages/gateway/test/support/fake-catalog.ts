import { create, type DescMethodUnary, type JsonValue, type Message, toJson } from '@bufbuild/protobuf';
import { createRouterTransport, type Transport } from '@connectrpc/connect';
import { CatalogService } from './catalog-service.ts';

type Fields = Record<string, unknown>;

// Answers per method, computed from the request's fields (dynamic messages have no static types).
const ANSWERS: Record<string, (req: Fields) => Fields> = {
  GetProduct: (req) => ({ sku: req.sku, name: `product ${req.sku}`, price: 100 }),
  ListProducts: () => ({ products: [] }),
  BatchGetProducts: (req) => ({ products: [], missing: req.skus }),
  UpdateProduct: (req) => ({ ...(req.product as Fields), sku: req.sku }),
  DeleteProduct: () => ({}),
  GetShelf: (req) => ({ shelf: { name: req.name }, etag: 'etag-1' }),
  Unannotated: (req) => ({ sku: req.sku }),
};

/** An in-memory CatalogService; `lastRequest()` is the latest request in protobuf JSON (defaults omitted). */
export function createFakeCatalog(): {
  transport: Transport;
  lastRequest(): { method: string; json: JsonValue };
} {
  let last: { method: DescMethodUnary; request: Message } | undefined;
  const transport = createRouterTransport((router) => {
    for (const method of CatalogService.methods as DescMethodUnary[]) {
      router.rpc(method, (request) => {
        last = { method, request };
        const answer = ANSWERS[method.name]?.(request as unknown as Fields) ?? {};
        return create(method.output, answer as never);
      });
    }
  });
  return {
    transport,
    lastRequest() {
      if (!last) throw new Error('no call yet');
      return { method: last.method.name, json: toJson(last.method.input, last.request) };
    },
  };
}
