import {
  create,
  type DescMessage,
  type DescService,
  fromBinary,
  type MessageInitShape,
  toBinary,
} from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';

type UnaryMethods<S extends DescService> = {
  [K in keyof S['method'] as S['method'][K] extends { methodKind: 'unary' } ? K : never]: S['method'][K];
};

type Call<S extends DescService> = <K extends keyof UnaryMethods<S> & string>(
  method: K,
  request: S['method'][K] extends { input: infer I extends DescMessage } ? MessageInitShape<I> : never,
  metadata?: Record<string, string>,
) => Promise<
  S['method'][K] extends { output: infer O extends DescMessage } ? ReturnType<typeof create<O>> : never
>;

export interface GrpcJsClient<S extends DescService> {
  /** Calls a unary method by its local name (`orderCreate`); rejects with a grpc-js ServiceError. */
  call: Call<S>;
  close(): void;
}

/**
 * A plain @grpc/grpc-js client for a service described by protobuf-es descriptors: the way an
 * ordinary gRPC client (not Connect) talks to our servers.
 */
export function createGrpcJsClient<S extends DescService>(service: S, address: string): GrpcJsClient<S> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const call = ((name: string, request: Record<string, unknown>, metadata: Record<string, string> = {}) => {
    const method = (service.method as Record<string, S['methods'][number]>)[name];
    if (!method) throw new Error(`${service.typeName} has no method ${name}`);
    const meta = new grpc.Metadata();
    for (const [key, value] of Object.entries(metadata)) meta.set(key, value);
    return new Promise<unknown>((resolve, reject) => {
      client.makeUnaryRequest(
        `/${service.typeName}/${method.name}`,
        (message: Record<string, unknown>) =>
          Buffer.from(toBinary(method.input, create(method.input, message))),
        (bytes: Buffer) => fromBinary(method.output, bytes),
        request,
        meta,
        (err, response) => (err ? reject(err) : resolve(response)),
      );
    });
  }) as Call<S>;
  return { call, close: () => client.close() };
}
