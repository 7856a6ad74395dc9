import { Code, ConnectError } from '@connectrpc/connect';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/database-unavailable.ts';
import { toConnectError } from '../src/errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['pool wait timeout', new Error('timeout exceeded when trying to connect')],
    ['lost connection', new Error('Connection terminated unexpectedly')],
    ['server shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['server starting up', withCode('the database system is starting up', '57P03')],
    ['out of connections', withCode('sorry, too many clients already', '53300')],
    ['connection failure', withCode('connection failure', '08006')],
    ['refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
  ])('%s is a retryable fault', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a constraint violation', withCode('duplicate key value', '23505')],
    ['a syntax error', withCode('syntax error at or near', '42601')],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'timeout exceeded when trying to connect'],
  ])('%s is not', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('recognises what a real pool throws when it cannot hand out a connection in time', async () => {
    // Port 9 (discard) on loopback refuses or never answers: either way no connection.
    const pool = new pg.Pool({ host: '127.0.0.1', port: 9, connectionTimeoutMillis: 200 });
    const err = await pool.query('select 1').catch((e: unknown) => e);
    await pool.end();
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
});

describe('toConnectError', () => {
  it('answers a database fault as Unavailable, logged as a warning with no detail in the answer', () => {
    const { error, log } = toConnectError(
      withCode('terminating connection due to administrator command', '57P01'),
    );
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.code).toBe(Code.Unavailable);
    expect(error.rawMessage).toBe('database unavailable, try again');
    expect(log).toBe('warn');
  });

  it('keeps anything unexpected internal and logged as an error', () => {
    const { error, log } = toConnectError(new TypeError('x is undefined'));
    expect(error.code).toBe(Code.Internal);
    expect(log).toBe('error');
  });
});
