import { create, toJson } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  CommentGetByIDResponseSchema,
  CommentListBySKUResponseSchema,
} from '@marketplace/proto/marketplace/comments/v1/comments_pb';
import { describe, expect, it } from 'vitest';
import { renderResponse } from '../src/transcode.ts';

const at = (iso: string) => timestampFromDate(new Date(iso));

describe('timestamps in responses', () => {
  it('keeps three fraction digits for a time on a whole second, which protobuf JSON drops', () => {
    const message = create(CommentGetByIDResponseSchema, {
      id: 1n,
      createdAt: at('2026-11-21T10:00:00.000Z'),
    });
    expect(toJson(CommentGetByIDResponseSchema, message)).toMatchObject({
      createdAt: '2026-11-21T10:00:00Z',
    });
    expect(renderResponse(CommentGetByIDResponseSchema, message)).toMatchObject({
      createdAt: '2026-11-21T10:00:00.000Z',
    });
  });

  it('fixes timestamps inside lists and leaves other fractions alone', () => {
    const message = create(CommentListBySKUResponseSchema, {
      comments: [
        { id: 1n, createdAt: at('2026-11-21T10:00:00.000Z') },
        { id: 2n, createdAt: at('2026-11-21T10:00:00.120Z') },
      ],
    });
    const json = renderResponse(CommentListBySKUResponseSchema, message) as {
      comments: Array<{ createdAt: string }>;
    };
    expect(json.comments.map((c) => c.createdAt)).toEqual([
      '2026-11-21T10:00:00.000Z',
      '2026-11-21T10:00:00.120Z',
    ]);
  });
});
