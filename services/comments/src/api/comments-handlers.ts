import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import { listPage } from '@marketplace/platform';
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
import type { Comment } from '../domain/comment.ts';
import { skuPageTokens, userPageTokens } from '../domain/page-token.ts';

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
      const page = await listPage(req, skuPageTokens(req.sku), (range) =>
        listCommentsBySku(deps, { sku: req.sku, ...range }),
      );
      return create(CommentListBySKUResponseSchema, listedPage(page, 'userId'));
    },

    async commentListByUser(req) {
      const page = await listPage(req, userPageTokens(req.userId), (range) =>
        listCommentsByUser(deps, { userId: req.userId, ...range }),
      );
      return create(CommentListByUserResponseSchema, listedPage(page, 'sku'));
    },
  } satisfies ServiceImpl<typeof CommentsService>;
}

/**
 * A page of comments as both lists answer it: each comment with the one of its user and its sku
 * that the list's owner does not already say (`userId` on a sku's list, `sku` on a user's).
 */
function listedPage<Other extends 'userId' | 'sku'>(
  page: { comments: Comment[]; nextPageToken: string },
  other: Other,
) {
  return {
    comments: page.comments.map((c) => ({
      id: c.id,
      [other]: c[other],
      comment: c.text,
      createdAt: timestampFromDate(c.createdAt),
    })),
    nextPageToken: page.nextPageToken,
  };
}
