import { describe, expect, it } from 'vitest';
import { createEnvReader } from '../../src/config.ts';
import { http2ServerOptions, readServerLimits } from '../../src/edge/server-limits.ts';

const limitsOf = (env: Record<string, string>) => readServerLimits(createEnvReader(env));

describe('http2ServerOptions', () => {
  it('lets a connection buffer four messages at the size limit, 1 MB at the least', () => {
    expect(http2ServerOptions(limitsOf({})).maxSessionMemory).toBe(1);
    expect(http2ServerOptions(limitsOf({ MAX_MESSAGE_BYTES: '1MiB' })).maxSessionMemory).toBe(4);
    expect(http2ServerOptions(limitsOf({ MAX_MESSAGE_BYTES: '64MiB' })).maxSessionMemory).toBe(256);
  });

  it('advertises the stream and header limits', () => {
    expect(http2ServerOptions(limitsOf({ H2_MAX_CONCURRENT_STREAMS: '7' })).settings).toEqual({
      maxConcurrentStreams: 7,
      maxHeaderListSize: 16 * 1024,
    });
  });
});
