import type { Executor } from '@marketplace/platform';
import { sql } from 'kysely';
import type { CommentShard } from '../app/ports.ts';
import type { Comment } from '../domain/comment.ts';
import { SlotMovingError } from '../domain/errors.ts';
import { SLOT_COUNT, slotOfCommentId } from '../domain/sharding.ts';
import { isSlotDepartedError } from './departed-slots.ts';
import type { CommentsDatabase } from './schema.ts';

type Row = CommentsDatabase['comments'];
const COLUMNS = ['id', 'user_id', 'sku', 'text', 'created_at'] as const;

/** A write this shard refuses because the slot is leaving it answers as the retryable SlotMovingError. */
async function writingTo<T>(slot: number, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    throw isSlotDepartedError(err) ? new SlotMovingError(slot) : err;
  }
}

const toComment = (row: Row): Comment => ({
  id: row.id,
  userId: row.user_id,
  sku: row.sku,
  text: row.text,
  createdAt: row.created_at,
});

/** The comments table of one shard. */
export function createCommentRepository(db: Executor<CommentsDatabase>): CommentShard {
  return {
    async insert(comment, slot) {
      const query = db
        .insertInto('comments')
        .values({
          id: sql<bigint>`nextval('comment_seq') * ${SLOT_COUNT} + ${slot}`,
          user_id: comment.userId,
          sku: comment.sku,
          text: comment.text,
          created_at: comment.createdAt,
        })
        .returning('id');
      return (await writingTo(slot, query.executeTakeFirstOrThrow())).id;
    },

    async find(id) {
      const row = await db.selectFrom('comments').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toComment(row);
    },

    async updateText(id, userId, text, createdAfter) {
      const query = db
        .updateTable('comments')
        .set({ text })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('created_at', '>', createdAfter);
      const result = await writingTo(slotOfCommentId(id), query.executeTakeFirst());
      return result.numUpdatedRows > 0n;
    },

    async listBySku(sku, { after, limit }) {
      let query = db
        .selectFrom('comments')
        .select(COLUMNS)
        .where('sku', '=', sku)
        .orderBy('created_at', 'desc')
        .orderBy('user_id', 'asc')
        .orderBy('id', 'desc');
      if (after) {
        // Rows after the cursor in (created_at DESC, user_id ASC, id DESC) order. The plain
        // `created_at <=` bound is what lets the index scan start at the cursor.
        query = query
          .where('created_at', '<=', after.createdAt)
          .where((eb) =>
            eb.or([
              eb('created_at', '<', after.createdAt),
              eb('user_id', '>', after.userId),
              eb.and([eb('user_id', '=', after.userId), eb('id', '<', after.id)]),
            ]),
          );
      }
      return (await query.limit(limit).execute()).map(toComment);
    },

    async listByUser(userId, { after, limit }) {
      let query = db
        .selectFrom('comments')
        .select(COLUMNS)
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc');
      if (after) {
        // Rows after the cursor in (created_at DESC, id DESC) order (one user: user id is fixed),
        // a range scan of the (user_id, created_at DESC, id DESC) index from the cursor.
        query = query
          .where('created_at', '<=', after.createdAt)
          .where((eb) =>
            eb.or([
              eb('created_at', '<', after.createdAt),
              eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
            ]),
          );
      }
      const comments = (await query.limit(limit).execute()).map(toComment);
      return { comments, readTo: comments.length === limit ? comments.at(-1) : undefined };
    },
  };
}
