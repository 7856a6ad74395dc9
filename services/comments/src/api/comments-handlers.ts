import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import { readPageCursor } from '@marketplace/platform';
import {
  CommentAddResponseSchema,
  CommentEditResponseSchema,
  CommentGetByIDResponseSchema,
  CommentListBySKUResponseSchema,
  CommentListByUserResponseSchema,
  type CommentsService,
} from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import { addComment } from '../app/add-comment.ts';
import { editComment } from '../app/edit-comment.ts';
import { getComment } from '../app/get-comment.ts';
import { listCommentsBySku } from '../app/list-comments-by-sku.ts';
import { listCommentsByUser } from '../app/list-comments-by-user.ts';
import type { CommentsDeps } from '../app/ports.ts';
import {
  decodePageToken,
  decodeUserPageToken,
  encodePageToken,
  encodeUserPageToken,
} from '../domain/page-token.ts';

/**
 * Runs each Comments call's use case and encodes the answer. Requests arrive checked against the
 * rules of comments.proto (the validation interceptor): ids, text lengths, page sizes. Page tokens,
 * which the rules cannot judge, are checked here.
 */
export function createCommentsHandlers(deps: CommentsDeps) {
  return {
    async commentAdd(req) {
      const id = await addComment(deps, { userId: req.userId, sku: req.sku, text: req.comment });
      return create(CommentAddResponseSchema, { id });
    },

    async commentGetByID(req) {
      const comment = await getComment(deps, req.id);
      return create(CommentGetByIDResponseSchema, {
        id: comment.id,
        userId: comment.userId,
        sku: comment.sku,
        comment: comment.text,
        createdAt: timestampFromDate(comment.createdAt),
      });
    },

    async commentEdit(req) {
      await editComment(deps, { userId: req.userId, commentId: req.commentId, text: req.newComment });
      return create(CommentEditResponseSchema);
    },

    async commentListBySKU(req) {
      const after = readPageCursor(
        'CommentListBySKURequest',
        req.pageToken,
        (token) => decodePageToken(token, req.sku),
        'sku',
      );
      const page = await listCommentsBySku(deps, { sku: req.sku, pageSize: req.pageSize, after });
      return create(CommentListBySKUResponseSchema, {
        comments: page.comments.map((c) => ({
          id: c.id,
          userId: c.userId,
          comment: c.text,
          createdAt: timestampFromDate(c.createdAt),
        })),
        nextPageToken: page.next ? encodePageToken(req.sku, page.next) : '',
      });
    },

    async commentListByUser(req) {
      const after = readPageCursor(
        'CommentListByUserRequest',
        req.pageToken,
        (token) => decodeUserPageToken(token, req.userId),
        'user',
      );
      const page = await listCommentsByUser(deps, { userId: req.userId, pageSize: req.pageSize, after });
      return create(CommentListByUserResponseSchema, {
        comments: page.comments.map((c) => ({
          id: c.id,
          sku: c.sku,
          comment: c.text,
          createdAt: timestampFromDate(c.createdAt),
        })),
        nextPageToken: page.next ? encodeUserPageToken(req.userId, page.next) : '',
      });
    },
  } satisfies ServiceImpl<typeof CommentsService>;
}
