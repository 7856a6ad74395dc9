import type { IncomingEvent, Logger } from '@marketplace/platform';
import type { OrderEvent } from '../domain/order-event.ts';

export interface EventPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface ProcessedEventRepository {
  /**
   * Records the event unless its id was recorded before; true when this call recorded it. Throws
   * {@link EventRejectedError} when the database refuses this event's data for good; any other
   * failure (the database is down) is worth retrying.
   */
  recordOnce(event: OrderEvent, position: EventPosition): Promise<boolean>;
  /**
   * Deletes at most `limit` records made before `cutoff`, oldest first, skipping rows another
   * transaction holds; returns how many were deleted.
   */
  deleteRecordedBefore(cutoff: Date, limit: number): Promise<number>;
}

/** The processed events on the pool, and a way to run work in one transaction. */
export interface NotifierStore {
  processed: ProcessedEventRepository;
  transaction<T>(work: (processed: ProcessedEventRepository) => Promise<T>): Promise<T>;
}

/** The database refused the event itself (its data, not the database's state): retrying cannot help. */
export class EventRejectedError extends Error {
  override name = 'EventRejectedError';
}

/** Parks messages that cannot be processed, with the reason, on the dead-letter topic. */
export interface DeadLetters {
  park(message: IncomingEvent, reason: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface NotifierDeps {
  store: NotifierStore;
  deadLetters: DeadLetters;
  /**
   * Where the notification itself goes: one JSON line per event. It must have written the line when
   * the call returns (a synchronous destination): the line is the effect its transaction commits to.
   */
  notifications: Logger;
}
