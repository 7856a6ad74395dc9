import type { EventPublisher } from '@marketplace/platform';
import type { DeadLetters } from '../app/ports.ts';

/** Parks a message on `topic` as it arrived, with where it came from and why, in headers. */
export function createDeadLetters(publisher: EventPublisher, topic: string): DeadLetters {
  return {
    park: (message, reason) =>
      publisher.publish([
        {
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
        },
      ]),
  };
}
