import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import { validateRequest } from '@marketplace/platform';
import {
  GetIngestBatchResponseSchema,
  IngestEventsResponseSchema,
  type ProductService,
} from '@marketplace/proto/marketplace/products/v1/products_pb';
import { getIngestBatch } from '../app/get-ingest-batch.ts';
import { ingestEvents } from '../app/ingest-events.ts';
import type { ProductsDeps } from '../app/ports.ts';
import { invalidEventChange } from '../domain/ingest.ts';

export interface IngestLimits {
  maxEventsPerBatch: number;
  maxBacklog: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The success status REST answers IngestEvents with, through the gateway's x-http-code convention. */
const ACCEPTED = '202';

/** Decodes and validates the asynchronous bulk update calls, runs them and encodes the answers. */
export function createIngestHandlers(
  deps: Pick<ProductsDeps, 'store' | 'newId'>,
  limits: IngestLimits,
): Pick<ServiceImpl<typeof ProductService>, 'ingestEvents' | 'getIngestBatch'> {
  return {
    async ingestEvents(req, ctx) {
      const check = validateRequest('IngestEventsRequest').nonEmpty('events', req.events);
      check.maxItems('events', req.events, limits.maxEventsPerBatch);
      for (const [i, event] of req.events.entries()) {
        check.positive(`events[${i}].sku`, event.sku);
        if (event.price !== undefined) check.positive(`events[${i}].price`, event.price);
        const why = invalidEventChange(event);
        check.check(`events[${i}]`, why === undefined, why ?? '');
      }
      check.assert();
      const batchId = await ingestEvents(deps, req.events, limits.maxBacklog);
      ctx.responseHeader.set('x-http-code', ACCEPTED);
      return create(IngestEventsResponseSchema, { batchId });
    },

    async getIngestBatch(req) {
      validateRequest('GetIngestBatchRequest')
        .check('batch_id', UUID.test(req.batchId), 'value must be a valid UUID')
        .assert();
      const batch = await getIngestBatch(deps, req.batchId.toLowerCase());
      return create(GetIngestBatchResponseSchema, {
        batchId: batch.id,
        status: batch.status,
        total: batch.total,
        applied: batch.applied,
        failed: batch.failed,
        acceptedAt: timestampFromDate(batch.acceptedAt),
        finishedAt: batch.finishedAt ? timestampFromDate(batch.finishedAt) : undefined,
        errors: batch.errors,
      });
    },
  };
}
