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

/**
 * Runs the asynchronous bulk update calls and encodes the answers. Requests arrive checked against the
 * rules of products.proto (the validation interceptor); the configured batch size and the rule across
 * an event's fields are checked here.
 */
export function createIngestHandlers(
  deps: Pick<ProductsDeps, 'store' | 'newId'>,
  limits: IngestLimits,
): Pick<ServiceImpl<typeof ProductService>, 'ingestEvents' | 'getIngestBatch'> {
  return {
    async ingestEvents(req) {
      const check = validateRequest('IngestEventsRequest').maxItems(
        'events',
        req.events,
        limits.maxEventsPerBatch,
      );
      for (const [i, event] of req.events.entries()) {
        const why = invalidEventChange(event);
        check.check(`events[${i}]`, why === undefined, why ?? '');
      }
      check.assert();
      const batchId = await ingestEvents(deps, req.events, limits.maxBacklog);
      return create(IngestEventsResponseSchema, { batchId });
    },

    async getIngestBatch(req) {
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
