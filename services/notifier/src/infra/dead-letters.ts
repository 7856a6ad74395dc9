import type { EventPublisher, IncomingEvent, OutgoingEvent } from '@marketplace/platform';
import type { DeadLetters } from '../app/ports.ts';
import { VALUE_MAX_BYTES } from '../domain/order-event.ts';

/** Longest key, header name or header value kept in a shortened copy, in characters. */
const HEADER_MAX_LENGTH = 1024;
/** Most headers of the original message kept in a shortened copy. */
const HEADERS_MAX = 32;

/**
 * Parks a message on `topic` as it arrived, with where it came from and why, in headers. A message
 * close to the broker's size limit no longer fits once those headers are added: the broker refuses
 * it for good, so a shortened copy is parked instead (the value's first 16 KiB, the first 32 headers,
 * keys and header values cut to 1 KiB, marked `dlq-truncated` with the original value size), rather
 * than stalling the partition.
 */
export function createDeadLetters(publisher: EventPublisher, topic: string): DeadLetters {
  return {
    async park(message, reason) {
      try {
        await publisher.publish([deadLetter(topic, message, reason)]);
      } catch (err) {
        if (!tooLarge(err)) throw err;
        await publisher.publish([shortened(deadLetter(topic, message, reason), message)]);
      }
    },
  };
}

function deadLetter(topic: string, message: IncomingEvent, reason: string): OutgoingEvent {
  return {
    topic,
    key: message.key ?? '',
    value: message.value ?? '',
    headers: {
      ...message.headers,
      'dlq-reason': reason,
      'dlq-source-topic': message.topic,
      'dlq-source-partition': String(message.partition),
      'dlq-source-offset': message.offset,
    },
  };
}

function shortened(letter: OutgoingEvent, message: IncomingEvent): OutgoingEvent {
  const cut = (text: string) => (text.length > HEADER_MAX_LENGTH ? text.slice(0, HEADER_MAX_LENGTH) : text);
  const original = Object.entries(message.headers)
    .slice(0, HEADERS_MAX)
    .map(([name, value]) => [cut(name), cut(value)]);
  const added = Object.entries(letter.headers).filter(([name]) => name.startsWith('dlq-'));
  return {
    topic: letter.topic,
    key: cut(letter.key),
    value: (message.value ?? Buffer.alloc(0)).subarray(0, VALUE_MAX_BYTES),
    headers: {
      ...Object.fromEntries(original),
      ...Object.fromEntries(added),
      'dlq-truncated': String(message.value?.length ?? 0),
    },
  };
}

/** The broker refused the message for its size (kafkajs protocol error MESSAGE_TOO_LARGE). */
function tooLarge(err: unknown): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE';
}
