import type { IncomingEvent, Logger } from '@marketplace/platform';
import type { OrderEvent } from '../domain/order-event.ts';

export interface EventPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** An event to record, with where it was read. */
export interface EventRecord {
  event: OrderEvent;
  position: EventPosition;
}

export interface ProcessedEventRepository {
  /**
   * Records the event unless its id was recorded before; true when this call recorded it. Throws
   * {@link EventRejectedError} when the database refuses this event's data for good; any other
   * failure (the database is down) is worth retrying.
   */
  recordOnce(event: OrderEvent, position: EventPosition): Promise<boolean>;
  /**
   * Records, in one statement, each event whose id was not recorded before (by an earlier call or
   * earlier in `records`); returns the ids this call recorded. Throws {@link EventRejectedError}
   * when the database refuses the data of one of them (without saying which).
   */
  recordEachOnce(records: readonly EventRecord[]): Promise<Set<string>>;
  /** Deletes the records of these event ids (to undo part of a recordEachOnce before commit). */
  deleteRecords(eventIds: readonly string[]): Promise<void>;
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
