import { type Executor, executeAsOneStatement } from '@marketplace/platform';
import type { OperationNodeSource } from 'kysely';
import type { OrderWrites } from '../app/ports.ts';
import { insertOrderStatements, setStatusStatement } from './order-repository.ts';
import { insertOutboxStatement } from './outbox-repository.ts';
import type { LomsDatabase } from './schema.ts';
import { applyStockStatement } from './stock-repository.ts';

/**
 * Stores a unit of work's writes in one statement: each write touches other rows (the new order,
 * the moved orders, the stock rows, new outbox rows), so none depends on another's effect.
 */
export function writeOrderChanges(
  db: Executor<LomsDatabase>,
  orderEventsTopic: string,
  { at, created, moved, stock, events }: OrderWrites,
): Promise<void> {
  const statements: OperationNodeSource[] = [];
  if (created) statements.push(...insertOrderStatements(db, created, at));
  if (moved && moved.orderIds.length > 0)
    statements.push(setStatusStatement(db, moved.orderIds, moved.status, at));
  if (stock.length > 0) statements.push(applyStockStatement(stock));
  if (events.length > 0) statements.push(insertOutboxStatement(orderEventsTopic, events));
  return executeAsOneStatement(db, statements);
}
