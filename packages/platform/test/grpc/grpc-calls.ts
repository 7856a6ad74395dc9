import { type DescMessage, fromBinary, type MessageShape, toBinary } from '@bufbuild/protobuf';
import type { Client, ClientReadableStream, ServiceError } from '@grpc/grpc-js';

// Calls through @grpc/grpc-js, the way a non-Connect gRPC client such as grpcurl talks to the
// server: raw gRPC paths and protobuf bytes, nothing shared with the Connect server code.

function codec<D extends DescMessage>(schema: D) {
  return {
    serialize: (message: MessageShape<D>) => Buffer.from(toBinary(schema, message)),
    deserialize: (bytes: Buffer) => fromBinary(schema, bytes),
  };
}

/** A unary call; rejects with the grpc-js ServiceError, whose `code` is the gRPC status. */
export function unary<I extends DescMessage, O extends DescMessage>(
  client: Client,
  path: string,
  [input, output]: [I, O],
  request: MessageShape<I>,
): Promise<MessageShape<O>> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      codec(input).serialize,
      codec(output).deserialize,
      request,
      (err: ServiceError | null, response?: MessageShape<O>) => (err ? reject(err) : resolve(response!)),
    );
  });
}

/** A server stream whose messages are awaited one by one with `next()`. */
export function serverStream<I extends DescMessage, O extends DescMessage>(
  client: Client,
  path: string,
  [input, output]: [I, O],
  request: MessageShape<I>,
): { next(): Promise<MessageShape<O>>; call: ClientReadableStream<MessageShape<O>> } {
  const call = client.makeServerStreamRequest(
    path,
    codec(input).serialize,
    codec(output).deserialize,
    request,
  );
  return { next: queue<MessageShape<O>>(call), call };
}

/** A bidi stream used as a conversation: `ask` writes one request and awaits the next response. */
export function conversation<I extends DescMessage, O extends DescMessage>(
  client: Client,
  path: string,
  [input, output]: [I, O],
): { ask(request: MessageShape<I>): Promise<MessageShape<O>>; end(): void } {
  const call = client.makeBidiStreamRequest(path, codec(input).serialize, codec(output).deserialize);
  const next = queue<MessageShape<O>>(call);
  return {
    ask(request) {
      call.write(request);
      return next();
    },
    end: () => call.end(),
  };
}

/** Turns a stream's 'data' events into awaitable reads, in order; an 'error' rejects every read. */
function queue<T>(stream: NodeJS.EventEmitter): () => Promise<T> {
  const received: T[] = [];
  const waiting: { resolve(value: T): void; reject(err: unknown): void }[] = [];
  let failure: unknown;
  stream.on('data', (message: T) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else received.push(message);
  });
  stream.on('error', (err) => {
    failure = err;
    for (const waiter of waiting.splice(0)) waiter.reject(err);
  });
  return () => {
    const message = received.shift();
    if (message !== undefined) return Promise.resolve(message);
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => waiting.push({ resolve, reject }));
  };
}
