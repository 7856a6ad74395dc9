import { create, createFileRegistry, type DescMessage } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
} from '@bufbuild/protobuf/wkt';
import {
  OrderCreateRequestSchema,
  StockSetRequestSchema,
} from '@marketplace/proto/marketplace/loms/v1/loms_pb';
import { describe, expect, it } from 'vitest';
import { describeLooseInteger, findLooseInteger } from '../src/strict-integers.ts';

/** A message with a map<int64, int32>, which none of the project's protos has yet. */
function mapMessage(): DescMessage {
  const file = create(FileDescriptorProtoSchema, {
    name: 'maps.proto',
    package: 'test',
    syntax: 'proto3',
    messageType: [
      {
        name: 'Counts',
        field: [
          {
            name: 'by_sku',
            number: 1,
            label: Label.REPEATED,
            type: Type.MESSAGE,
            typeName: '.test.Counts.BySkuEntry',
            jsonName: 'bySku',
          },
        ],
        nestedType: [
          {
            name: 'BySkuEntry',
            options: { mapEntry: true },
            field: [
              { name: 'key', number: 1, label: Label.OPTIONAL, type: Type.INT64, jsonName: 'key' },
              { name: 'value', number: 2, label: Label.OPTIONAL, type: Type.INT32, jsonName: 'value' },
            ],
          },
        ],
      },
    ],
  });
  return createFileRegistry(file, () => undefined).getMessage('test.Counts') as DescMessage;
}

describe('findLooseInteger', () => {
  it('accepts JSON numbers and strings that read as decimal numbers, leaving their range to the parser', () => {
    for (const sku of [1, '1', '-5', '9223372036854775807', '007', '1e2', '1.5', '1e400']) {
      expect(findLooseInteger(StockSetRequestSchema, { sku, totalCount: '3' }), String(sku)).toBeUndefined();
    }
  });

  it('finds hex, padding, plus signs and words in int64 and uint32 strings', () => {
    for (const sku of ['0x1F', ' 3', '3 ', '+4', '1e', '.5', '1,5', 'Infinity', 'NaN', '']) {
      expect(findLooseInteger(StockSetRequestSchema, { sku }), sku).toEqual({ path: 'sku', value: sku });
    }
    expect(findLooseInteger(StockSetRequestSchema, { sku: 1, total_count: '0x10' })).toEqual({
      path: 'total_count',
      value: '0x10',
    });
  });

  it('names a 32-bit field out of range by the digits sent, not a rounded double', () => {
    const found = findLooseInteger(StockSetRequestSchema, { sku: 1, totalCount: '9007199254740993' });
    expect(found).toEqual({ path: 'total_count', value: '9007199254740993', outOf: 'uint32' });
    expect(describeLooseInteger(StockSetRequestSchema, found!)).toBe(
      'invalid StockSetRequest.total_count: 9007199254740993 is not a valid uint32',
    );
    expect(findLooseInteger(StockSetRequestSchema, { totalCount: '4294967295' })).toBeUndefined();
    expect(findLooseInteger(StockSetRequestSchema, { totalCount: '-1' })?.outOf).toBe('uint32');
    // int64 fields are read exactly by the parser, which names them itself.
    expect(findLooseInteger(StockSetRequestSchema, { sku: '9223372036854775808' })).toBeUndefined();
  });

  it('names the list item, under either JSON name of the field', () => {
    const json = {
      userId: '1',
      items: [
        { sku: '1', count: 1 },
        { sku: '+2', count: 1 },
      ],
    };
    const found = findLooseInteger(OrderCreateRequestSchema, json);
    expect(found).toEqual({ path: 'items[1].sku', value: '+2' });
    expect(describeLooseInteger(OrderCreateRequestSchema, found!)).toBe(
      'invalid OrderCreateRequest.items[1].sku: value must be a decimal number, got "+2"',
    );
    expect(findLooseInteger(OrderCreateRequestSchema, { user_id: '0x1' })?.path).toBe('user_id');
  });

  it('checks map keys and values', () => {
    const counts = mapMessage();
    expect(findLooseInteger(counts, { bySku: { '12': '3' } })).toBeUndefined();
    expect(findLooseInteger(counts, { bySku: { '0x12': 3 } })).toEqual({
      path: 'by_sku[0x12]',
      value: '0x12',
    });
    expect(findLooseInteger(counts, { by_sku: { '12': ' 3' } })).toEqual({ path: 'by_sku[12]', value: ' 3' });
  });

  it('leaves other faults, unknown fields and non-objects to the protobuf JSON parser', () => {
    expect(findLooseInteger(StockSetRequestSchema, { sku: true, other: '0x1' })).toBeUndefined();
    expect(findLooseInteger(StockSetRequestSchema, [])).toBeUndefined();
    expect(findLooseInteger(OrderCreateRequestSchema, { items: 'x' })).toBeUndefined();
    expect(findLooseInteger(OrderCreateRequestSchema, { items: [null, 'x'] })).toBeUndefined();
  });

  it('cuts a long value in the message', () => {
    const message = describeLooseInteger(StockSetRequestSchema, { path: 'sku', value: 'x'.repeat(1000) });
    expect(message.length).toBeLessThan(120);
  });
});
