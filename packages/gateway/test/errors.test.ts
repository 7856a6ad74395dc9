import { fromJson } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { OrderCreateRequestSchema } from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { describe, expect, it } from 'vitest';
import { describeDecodeError } from '../src/errors.ts';
import { errorBody, httpStatusFromCode } from '../src/index.ts';
import { CONTRACT_STATUS } from './support/contract.ts';

const decodeError = (json: unknown) => {
  try {
    fromJson(OrderCreateRequestSchema, json as never, { ignoreUnknownFields: true });
  } catch (err) {
    return describeDecodeError(err, 'OrderCreateRequest');
  }
  throw new Error('expected a decode error');
};

describe('httpStatusFromCode', () => {
  it.each(CONTRACT_STATUS)('maps gRPC code %i to HTTP %i', (code, status) => {
    expect(httpStatusFromCode(code)).toBe(status);
  });
});

describe('errorBody', () => {
  it('carries the code number and the raw message, without the "[code]" prefix', () => {
    const err = new ConnectError('order 5 not found', Code.NotFound);
    expect(errorBody(err)).toEqual({ code: 5, message: 'order 5 not found', details: [] });
  });
});

describe('describeDecodeError', () => {
  it('names the message and proto field of an out-of-range number', () => {
    expect(decodeError({ userId: Number.POSITIVE_INFINITY })).toBe(
      'invalid OrderCreateRequest.user_id: Infinity is not a valid int64',
    );
  });

  it('names the nested message of a field inside a list', () => {
    expect(decodeError({ items: [{ count: 99999999999 }] })).toBe(
      'invalid Item.count: 99999999999 is not a valid uint32',
    );
  });

  it('says what was expected for a value of the wrong JSON type', () => {
    expect(decodeError({ items: 5 })).toBe('invalid OrderCreateRequest.items: expected Array, got 5');
  });
});
