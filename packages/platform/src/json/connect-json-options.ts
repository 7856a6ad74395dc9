import type { DescMessage } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import type { ConnectNodeAdapterOptions } from '@connectrpc/connect-node';
import { describeLooseInteger, findLooseInteger, protectLargeNumbers } from '@marketplace/json';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON options of one method's Connect handler. Request bodies are decoded as strict UTF-8 (bad bytes
 * are InvalidArgument, not replacement characters), with int64 beyond 2^53 kept exact (see
 * `protectLargeNumbers`), and integers sent as strings must be plain digits (see `findLooseInteger`),
 * which needs the method's input schema: hence options per method.
 */
export function connectJsonOptions(input: DescMessage): ConnectNodeAdapterOptions['jsonOptions'] {
  // connect's JSON serialization takes `textDecoder` from these options at run time though its handler
  // options type leaves it out; tests send int64 beyond 2^53 and loose integers through each protocol.
  return {
    alwaysEmitImplicit: true,
    ignoreUnknownFields: true,
    textDecoder: { decode: (bytes: Uint8Array) => strictText(input, bytes) },
  } as ConnectNodeAdapterOptions['jsonOptions'];
}

function strictText(input: DescMessage, bytes: Uint8Array): string {
  const text = protectLargeNumbers(utf8.decode(bytes));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text; // malformed: the protobuf JSON parser names the fault
  }
  const loose = findLooseInteger(input, json);
  if (loose !== undefined) throw new ConnectError(describeLooseInteger(input, loose), Code.InvalidArgument);
  return text;
}
