import type { Executor } from '@marketplace/platform';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
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

const selectComments = (db: Executor<CommentsDatabase>) => db.selectFrom('comments').select(COLUMNS);
type CommentQuery = ReturnType<typeof selectComments>;

/**
 * The rows of a newest-first list after a cursor at `createdAt`: the older ones, and those of the
 * same created_at that `tieAfter` puts after the cursor. The plain `created_at <=` bound is what
 * lets the index scan start at the cursor.
 */
function pastCursor(
  query: CommentQuery,
  createdAt: Date,
  tieAfter: (eb: ExpressionBuilder<CommentsDatabase, 'comments'>) => Expression<SqlBool>,
): CommentQuery {
  return query
    .where('created_at', '<=', createdAt)
    .where((eb) =>
      eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), tieAfter(eb)])]),
    );
}

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
      let query = selectComments(db)
        .where('sku', '=', sku)
        .orderBy('created_at', 'desc')
        .orderBy('user_id', 'asc')
        .orderBy('id', 'desc');
      // Ties on created_at in (user_id ASC, id DESC) order.
      if (after)
        query = pastCursor(query, after.createdAt, (eb) =>
          eb.or([
            eb('user_id', '>', after.userId),
            eb.and([eb('user_id', '=', after.userId), eb('id', '<', after.id)]),
          ]),
        );
      return (await query.limit(limit).execute()).map(toComment);
    },

    async listByUser(userId, { after, limit }) {
      let query = selectComments(db)
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc');
      // One user: ties on created_at in id DESC order, a range scan of the
      // (user_id, created_at DESC, id DESC) index from the cursor.
      if (after) query = pastCursor(query, after.createdAt, (eb) => eb('id', '<', after.id));
      const comments = (await query.limit(limit).execute()).map(toComment);
      return { comments, readTo: comments.length === limit ? comments.at(-1) : undefined };
    },
  };
}
