import { ConfigError } from '@marketplace/platform';
import { describe, expect, it } from 'vitest';
import { readCommentsConfig } from '../src/config.ts';

describe('readCommentsConfig', () => {
  it('defaults to the contract ports, two shards beside the comments database and a 15m edit window', () => {
    const config = readCommentsConfig({});
    expect(config.grpcPort).toBe(8085);
    expect(config.httpPort).toBe(8086);
    expect(config.database.shardUrls).toEqual([
      'postgres://postgres@127.0.0.1:5432/comments_shard_0',
      'postgres://postgres@127.0.0.1:5432/comments_shard_1',
    ]);
    expect(config.comments.editWindowMs).toBe(15 * 60_000);
  });

  it('names SHARD_COUNT shards after the database of DATABASE_URL', () => {
    const config = readCommentsConfig({ DATABASE_URL: 'postgres://u:p@db:6432/reviews', SHARD_COUNT: '3' });
    expect(config.database.shardUrls).toEqual(
      [0, 1, 2].map((i) => `postgres://u:p@db:6432/reviews_shard_${i}`),
    );
  });

  it('takes SHARD_URLS in order, and EDIT_INTERVAL as a duration', () => {
    const config = readCommentsConfig({
      SHARD_URLS: 'postgres://h/a, postgres://h/b,postgres://h/c',
      EDIT_INTERVAL: '1s',
    });
    expect(config.database.shardUrls).toEqual(['postgres://h/a', 'postgres://h/b', 'postgres://h/c']);
    expect(config.comments.editWindowMs).toBe(1_000);
  });

  it.each([
    [{ SHARD_URLS: 'postgres://h/a' }, 'SHARD_URLS: expected 2 to 128 comma-separated URLs, got 1'],
    [
      { SHARD_URLS: 'postgres://h/a,mysql://h/b' },
      'SHARD_URLS: entry 2 is not a postgres:// URL with a database name',
    ],
    [
      { SHARD_URLS: 'postgres://h/a,postgres://h/' },
      'SHARD_URLS: entry 2 is not a postgres:// URL with a database name',
    ],
    [{ SHARD_URLS: 'postgres://h/a,postgres://h/a' }, 'SHARD_URLS: every shard needs its own database'],
    [
      { SHARD_URLS: 'postgres://h/a,postgres://h/b', SHARD_COUNT: '2' },
      'SHARD_COUNT: set either SHARD_URLS or SHARD_COUNT, not both',
    ],
    [{ SHARD_COUNT: '1' }, 'SHARD_COUNT: expected an integer in [2, 128], got "1"'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL: expected a postgres:// URL with a database name'],
    [{ EDIT_INTERVAL: '0s' }, 'EDIT_INTERVAL: expected a positive duration like 500ms, 1s, 15m, got "0s"'],
  ])('stops on %j naming the variable', (env, problem) => {
    expect(() => readCommentsConfig(env)).toThrow(ConfigError);
    expect(() => readCommentsConfig(env)).toThrow(problem);
  });

  it('reports every bad variable at once', () => {
    const error = (() => {
      try {
        readCommentsConfig({ GRPC_PORT: 'x', SHARD_URLS: 'postgres://h/a' });
      } catch (err) {
        return err as ConfigError;
      }
    })();
    expect(error?.problems).toEqual([
      'GRPC_PORT: expected an integer in [0, 65535], got "x"',
      'SHARD_URLS: expected 2 to 128 comma-separated URLs, got 1',
    ]);
  });
});
