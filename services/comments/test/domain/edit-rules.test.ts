import { describe, expect, it } from 'vitest';
import type { Comment } from '../../src/domain/comment.ts';
import { editRefusal } from '../../src/domain/edit-rules.ts';
import {
  CommentNotFoundError,
  EditWindowClosedError,
  NotCommentAuthorError,
} from '../../src/domain/errors.ts';

const created = new Date('2026-11-21T10:00:00.000Z');
const comment: Comment = { id: 16385n, userId: 7n, sku: 2n, text: 'text', createdAt: created };
const WINDOW = 1_000;
const at = (ms: number) => new Date(created.getTime() + ms);

describe('editRefusal', () => {
  it('lets the author edit until just before the window closes', () => {
    expect(editRefusal(comment, { commentId: comment.id, userId: 7n, now: at(0) }, WINDOW)).toBeUndefined();
    expect(editRefusal(comment, { commentId: comment.id, userId: 7n, now: at(999) }, WINDOW)).toBeUndefined();
  });

  it('refuses at the end of the window and after it', () => {
    for (const ms of [1_000, 60_000]) {
      const refusal = editRefusal(comment, { commentId: comment.id, userId: 7n, now: at(ms) }, WINDOW);
      expect(refusal).toBeInstanceOf(EditWindowClosedError);
      expect(refusal?.message).toBe('comment 16385 can no longer be edited: its 1s edit window has passed');
    }
  });

  it('refuses anyone but the author, even within the window', () => {
    const refusal = editRefusal(comment, { commentId: comment.id, userId: 8n, now: at(0) }, WINDOW);
    expect(refusal).toBeInstanceOf(NotCommentAuthorError);
    expect(refusal?.message).toMatch(/user 8 is not the author of comment 16385/);
  });

  it('names a missing comment first, then the author, then the window', () => {
    const attempt = { commentId: 5n, userId: 8n, now: at(5_000) };
    expect(editRefusal(undefined, attempt, WINDOW)).toBeInstanceOf(CommentNotFoundError);
    expect(editRefusal(comment, attempt, WINDOW)).toBeInstanceOf(NotCommentAuthorError);
  });
});
