import type { FastifyInstance } from 'fastify';

const ID_PARAMS = ['user_id', 'sku'] as const;

/**
 * Path ids must be written in decimal digits. The schemas check the range, but their type
 * coercion would also read `0x10` or `1e3` as numbers; those are refused here, before validation.
 */
export function rejectNonDecimalIds(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const params = (request.params ?? {}) as Record<string, unknown>;
    for (const field of ID_PARAMS) {
      const value = params[field];
      if (typeof value === 'string' && !/^[+-]?\d+$/.test(value))
        throw Object.assign(new Error(`invalid ${field}: value must be an integer`), { statusCode: 400 });
    }
  });
}
