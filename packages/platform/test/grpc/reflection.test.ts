import {
  create,
  createFileRegistry,
  fromBinary,
  getExtension,
  type MessageInitShape,
} from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { field as fieldRules } from '@bufbuild/protovalidate/gen/buf/validate/validate_pb.js';
import { Client, credentials } from '@grpc/grpc-js';
import { http } from '@marketplace/proto/google/api/annotations_pb';
import * as v1 from '@marketplace/proto/grpc/reflection/v1/reflection_pb';
import * as v1alpha from '@marketplace/proto/grpc/reflection/v1alpha/reflection_pb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealthState } from '../../src/grpc/health-state.ts';
import { conversation } from './grpc-calls.ts';
import type { H2cServer } from './h2c-server.ts';
import { startLomsServer } from './loms-server.ts';

const LOMS = 'marketplace.loms.v1.LomsService';

let server: H2cServer;
let client: Client;
beforeAll(async () => {
  server = await startLomsServer(createHealthState([LOMS]));
  client = new Client(server.address, credentials.createInsecure());
});
afterAll(async () => {
  client.close();
  await server.close();
});

function reflect(version: typeof v1 | typeof v1alpha) {
  const path = `/${version.ServerReflection.typeName}/ServerReflectionInfo`;
  const schemas = [version.ServerReflectionRequestSchema, version.ServerReflectionResponseSchema] as const;
  const stream = conversation(client, path, [...schemas]);
  // v1 and v1alpha requests have the same fields, so one init shape serves both.
  type Request = MessageInitShape<typeof v1.ServerReflectionRequestSchema>;
  return {
    ...stream,
    ask: (init: Request) => stream.ask(create(version.ServerReflectionRequestSchema, init)),
  };
}

/**
 * What grpcurl does with a file answer: take the first file as the answer and resolve its imports,
 * transitively, by name among the files sent along; linking fails if any is missing.
 */
function registryOf(response: v1.ServerReflectionResponse | v1alpha.ServerReflectionResponse) {
  expect(response.messageResponse.case).toBe('fileDescriptorResponse');
  const bytes =
    response.messageResponse.case === 'fileDescriptorResponse' ? response.messageResponse.value : null;
  const files = bytes!.fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b));
  const byName = new Map(files.map((f) => [f.name, f]));
  return { files, registry: createFileRegistry(files[0]!, (name) => byName.get(name)) };
}

describe.each([
  ['v1', v1],
  ['v1alpha', v1alpha],
] as const)('grpc.reflection.%s through a real h2c server and a grpc-js client', (_, version) => {
  it('lists every registered service, reflection included (grpcurl list)', async () => {
    const stream = reflect(version);
    const response = await stream.ask({ host: 'h', messageRequest: { case: 'listServices', value: '' } });
    stream.end();
    expect(response.validHost).toBe('h');
    expect(response.messageResponse.case).toBe('listServicesResponse');
    const names =
      response.messageResponse.case === 'listServicesResponse' ? response.messageResponse.value : null;
    expect(names?.service.map((s) => s.name).sort()).toEqual([
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
      LOMS,
    ]);
  });

  it('describes LomsService with every file it needs (grpcurl describe)', async () => {
    const stream = reflect(version);
    await stream.ask({ messageRequest: { case: 'listServices', value: '' } });
    const response = await stream.ask({ messageRequest: { case: 'fileContainingSymbol', value: LOMS } });
    stream.end();
    const { files, registry } = registryOf(response);
    expect(files[0]?.name).toBe('marketplace/loms/v1/loms.proto');
    expect(files.map((f) => f.name).sort()).toEqual([
      'buf/validate/validate.proto',
      'google/api/annotations.proto',
      'google/api/http.proto',
      'google/protobuf/descriptor.proto',
      'google/protobuf/duration.proto',
      'google/protobuf/field_mask.proto',
      'google/protobuf/timestamp.proto',
      'marketplace/loms/v1/loms.proto',
    ]);
    const service = registry.getService(LOMS);
    const methods = service?.methods.map((m) => [m.name, m.input.typeName, m.output.typeName]);
    expect(methods).toEqual(
      ['OrderCreate', 'OrderInfo', 'OrderPay', 'OrderCancel', 'OrderList', 'StocksInfo', 'StockSet'].map(
        (name) => [name, `marketplace.loms.v1.${name}Request`, `marketplace.loms.v1.${name}Response`],
      ),
    );
    // What protoc-gen-es strips from its embedded copy must be back on the wire.
    const loms = files[0]!;
    expect(loms.dependency).toEqual([
      'buf/validate/validate.proto',
      'google/api/annotations.proto',
      'google/protobuf/timestamp.proto',
    ]);
    const userId = loms.messageType.find((m) => m.name === 'OrderCreateRequest')?.field[0];
    expect(userId?.jsonName).toBe('userId');
    const userIdRules = getExtension(userId!.options!, fieldRules).type;
    expect(userIdRules.case === 'int64' && userIdRules.value.greaterThan).toEqual({ case: 'gt', value: 0n });
    const rule = getExtension(loms.service[0]!.method[0]!.options!, http);
    expect(rule.pattern).toEqual({ case: 'post', value: '/order/create' });
    expect(rule.body).toBe('*');
  });

  it.each([
    ['a method', `${LOMS}.OrderPay`, 'marketplace/loms/v1/loms.proto'],
    ['a message', 'marketplace.loms.v1.Item', 'marketplace/loms/v1/loms.proto'],
    ['a field', 'marketplace.loms.v1.Item.sku', 'marketplace/loms/v1/loms.proto'],
    ['a nested enum', 'grpc.health.v1.HealthCheckResponse.ServingStatus', 'grpc/health/v1/health.proto'],
    ['an enum value', 'grpc.health.v1.HealthCheckResponse.SERVICE_UNKNOWN', 'grpc/health/v1/health.proto'],
    ['an extension', 'google.api.http', 'google/api/annotations.proto'],
  ])('finds the file declaring %s', async (_, symbol, filename) => {
    const stream = reflect(version);
    const response = await stream.ask({ messageRequest: { case: 'fileContainingSymbol', value: symbol } });
    stream.end();
    expect(registryOf(response).files[0]?.name).toBe(filename);
  });

  it('answers file, extension and extension-number requests on one stream', async () => {
    const stream = reflect(version);
    const byName = await stream.ask({
      messageRequest: { case: 'fileByFilename', value: 'google/api/http.proto' },
    });
    expect(registryOf(byName).files.map((f) => f.name)).toEqual(['google/api/http.proto']);
    const value = { containingType: 'google.protobuf.MethodOptions', extensionNumber: 72295728 };
    const byExtension = await stream.ask({ messageRequest: { case: 'fileContainingExtension', value } });
    expect(registryOf(byExtension).files[0]?.name).toBe('google/api/annotations.proto');
    const numbers = await stream.ask({
      messageRequest: { case: 'allExtensionNumbersOfType', value: 'google.protobuf.MethodOptions' },
    });
    stream.end();
    expect(numbers.messageResponse.value).toMatchObject({
      baseTypeName: 'google.protobuf.MethodOptions',
      extensionNumber: [72295728],
    });
  });

  it('answers NOT_FOUND in-band and keeps the stream open', async () => {
    const stream = reflect(version);
    for (const messageRequest of [
      { case: 'fileContainingSymbol', value: 'no.such.Symbol' },
      { case: 'fileByFilename', value: 'no/such.proto' },
      { case: 'allExtensionNumbersOfType', value: 'no.such.Message' },
      { case: 'fileContainingExtension', value: { containingType: LOMS, extensionNumber: 1 } },
    ] as const) {
      const response = await stream.ask({ messageRequest });
      expect(response.messageResponse).toMatchObject({ case: 'errorResponse', value: { errorCode: 5 } });
    }
    const invalid = await stream.ask({});
    expect(invalid.messageResponse).toMatchObject({ case: 'errorResponse', value: { errorCode: 3 } });
    const listed = await stream.ask({ messageRequest: { case: 'listServices', value: '' } });
    stream.end();
    expect(listed.messageResponse.case).toBe('listServicesResponse');
  });
});
