import { create, createFileRegistry, fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import {
  ServerReflection,
  type ServerReflectionRequest,
  ServerReflectionRequestSchema,
  type ServerReflectionResponse,
  ServerReflectionResponseSchema,
} from '@marketplace/proto/grpc/reflection/v1/reflection_pb';

export interface DescribedService {
  name: string;
  methods: Array<{ name: string; input: string; output: string }>;
}

/**
 * Asks a server what `grpcurl -plaintext ADDRESS list` and `grpcurl ... describe SERVICE` ask,
 * over gRPC server reflection v1, with a plain grpc-js client.
 */
export async function reflect(address: string, describe: string[] = []) {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    const ask = (request: ServerReflectionRequest) => reflectOnce(client, request);
    const listed = await ask(
      create(ServerReflectionRequestSchema, { messageRequest: { case: 'listServices', value: '' } }),
    );
    if (listed.messageResponse.case !== 'listServicesResponse')
      throw new Error('no service list in the answer');
    const services = listed.messageResponse.value.service.map((s) => s.name);
    const described: DescribedService[] = [];
    for (const symbol of describe) {
      const answer = await ask(
        create(ServerReflectionRequestSchema, {
          messageRequest: { case: 'fileContainingSymbol', value: symbol },
        }),
      );
      if (answer.messageResponse.case !== 'fileDescriptorResponse')
        throw new Error(`${symbol} not described`);
      const [file, ...imports] = answer.messageResponse.value.fileDescriptorProto.map((b) =>
        fromBinary(FileDescriptorProtoSchema, b),
      );
      if (!file) throw new Error(`no file describes ${symbol}`);
      // Linking fails unless every import arrived with the answer, as grpcurl needs.
      const registry = createFileRegistry(file, (name) => imports.find((f) => f.name === name));
      const service = registry.getService(symbol);
      if (!service) throw new Error(`${symbol} missing from its own file`);
      described.push({
        name: service.typeName,
        methods: service.methods.map((m) => ({
          name: m.name,
          input: m.input.typeName,
          output: m.output.typeName,
        })),
      });
    }
    return { services, described };
  } finally {
    client.close();
  }
}

function reflectOnce(client: grpc.Client, request: ServerReflectionRequest) {
  return new Promise<ServerReflectionResponse>((resolve, reject) => {
    const call = client.makeBidiStreamRequest(
      `/${ServerReflection.typeName}/ServerReflectionInfo`,
      (message: ServerReflectionRequest) => Buffer.from(toBinary(ServerReflectionRequestSchema, message)),
      (bytes: Buffer) => fromBinary(ServerReflectionResponseSchema, bytes),
    );
    call.once('data', (response: ServerReflectionResponse) => {
      resolve(response);
      call.end();
    });
    call.once('error', reject);
    call.write(request);
  });
}
