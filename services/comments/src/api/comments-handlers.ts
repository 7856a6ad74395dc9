import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import { type RequestValidator, validateRequest } from '@marketplace/platform';
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
import { COMMENT_LENGTH } from '../domain/comment.ts';
import {
  decodePageToken,
  decodeUserPageToken,
  encodePageToken,
  encodeUserPageToken,
  MAX_PAGE_SIZE,
} from '../domain/page-token.ts';

/** Decodes and validates each Comments call, runs its use case and encodes the answer. */
export function createCommentsHandlers(deps: CommentsDeps) {
  return {
    async commentAdd(req) {
      validateRequest('CommentAddRequest')
        .positive('user_id', req.userId)
        .positive('sku', req.sku)
        .length('comment', req.comment, COMMENT_LENGTH.min, COMMENT_LENGTH.max)
        .assert();
      const id = await addComment(deps, { userId: req.userId, sku: req.sku, text: req.comment });
      return create(CommentAddResponseSchema, { id });
    },

    async commentGetByID(req) {
      validateRequest('CommentGetByIDRequest').positive('id', req.id).assert();
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
      validateRequest('CommentEditRequest')
        .positive('user_id', req.userId)
        .positive('comment_id', req.commentId)
        .length('new_comment', req.newComment, COMMENT_LENGTH.min, COMMENT_LENGTH.max)
        .assert();
      await editComment(deps, { userId: req.userId, commentId: req.commentId, text: req.newComment });
      return create(CommentEditResponseSchema);
    },

    async commentListBySKU(req) {
      const check = validateRequest('CommentListBySKURequest').positive('sku', req.sku);
      checkPageSize(check, req.pageSize);
      const after = req.pageToken ? decodePageToken(req.pageToken, req.sku) : undefined;
      check.check(
        'page_token',
        !req.pageToken || after !== undefined,
        'value must be a next_page_token of this sku',
      );
      check.assert();
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
      const check = validateRequest('CommentListByUserRequest').positive('user_id', req.userId);
      checkPageSize(check, req.pageSize);
      const after = req.pageToken ? decodeUserPageToken(req.pageToken, req.userId) : undefined;
      check.check(
        'page_token',
        !req.pageToken || after !== undefined,
        'value must be a next_page_token of this user',
      );
      check.assert();
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

/** `page_size`: 0 (the default bound of 1,000 per answer) or 1..100. */
function checkPageSize(check: RequestValidator, pageSize: number): void {
  check.check('page_size', pageSize >= 0, 'value must be greater than or equal to 0');
  check.check('page_size', pageSize <= MAX_PAGE_SIZE, `value must be less than or equal to ${MAX_PAGE_SIZE}`);
}
