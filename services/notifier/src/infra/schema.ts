import type { Generated } from 'kysely';

export interface NotifierDatabase {
  processed_events: {
    event_id: string;
    order_id: bigint;
    status: string;
    moment: Date;
    topic: string;
    partition: number;
    offset: bigint;
    processed_at: Generated<Date>;
  };
}
