import type { IncomingEvent } from '@marketplace/platform';
import { type OrderEvent, parseOrderEvent } from '../domain/order-event.ts';
import { EventRejectedError, type NotifierDeps } from './ports.ts';
import { notify, type ProcessOutcome, park, processOrderEvent } from './process-order-event.ts';

interface FreshEvent {
  /** Where its message is in the run. */
  index: number;
  event: OrderEvent;
  message: IncomingEvent;
}

/**
 * Acts on a run of messages exactly once in effect, with one transaction for the whole run: the
 * new event ids are recorded in one statement, each newly recorded event's notification line is
 * written, and the transaction commits; a redelivered event (earlier, or earlier in the run) finds
 * its id and is skipped. Any failure before the commit rolls the records back, so the redelivered
 * run is acted on then; only when the notification sink fails are the events already notified
 * kept (their records commit without the rest's) before the error is thrown, so that they are not
 * notified twice. Messages that are not order events are parked one at a time, with their reasons,
 * after the commit, so a run retried after a database failure parks them once. If the database
 * refuses one event's data, the run's events are processed again one transaction each
 * (processOrderEvent), which parks that one. Returns each message's outcome, in order.
 */
export async function processOrderEvents(
  deps: NotifierDeps,
  messages: readonly IncomingEvent[],
): Promise<ProcessOutcome[]> {
  const outcomes: ProcessOutcome[] = [];
  const poisons: Array<{ index: number; reason: string }> = [];
  const fresh: FreshEvent[] = [];
  const inRun = new Set<string>();
  messages.forEach((message, index) => {
    const parsed = parseOrderEvent(message.value, message.headers);
    if (!parsed.ok) poisons.push({ index, reason: parsed.reason });
    else if (inRun.has(parsed.event.eventId)) outcomes[index] = 'duplicate';
    else {
      inRun.add(parsed.event.eventId);
      fresh.push({ index, event: parsed.event, message });
    }
  });
  if (fresh.length > 0) {
    try {
      await recordAndNotify(deps, fresh, outcomes);
    } catch (err) {
      if (!(err instanceof EventRejectedError)) throw err;
      for (const { index, message } of fresh) outcomes[index] = await processOrderEvent(deps, message);
    }
  }
  for (const { index, reason } of poisons) outcomes[index] = await park(deps, messages[index]!, reason);
  return outcomes;
}

async function recordAndNotify(deps: NotifierDeps, fresh: FreshEvent[], outcomes: ProcessOutcome[]) {
  let sinkFailure: { err: unknown } | undefined;
  await deps.store.transaction(async (processed) => {
    const recorded = await processed.recordEachOnce(
      fresh.map(({ event, message: { topic, partition, offset } }) => ({
        event,
        position: { topic, partition, offset },
      })),
    );
    for (const [i, { index, event, message }] of fresh.entries()) {
      if (!recorded.has(event.eventId)) {
        outcomes[index] = 'duplicate';
        continue;
      }
      try {
        notify(deps, event, message);
        outcomes[index] = 'notified';
      } catch (err) {
        const unnotified = fresh.slice(i).map((f) => f.event.eventId);
        await processed.deleteRecords(unnotified.filter((id) => recorded.has(id)));
        sinkFailure = { err };
        return;
      }
    }
  });
  if (sinkFailure) throw sinkFailure.err;
}
