import { type DescFile, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import { type DescriptorIndex, withDependencies } from './descriptor-index.ts';

/**
 * The request of grpc.reflection.v1 and v1alpha alike: the two versions differ only in package
 * name, so one answer serves both.
 */
export interface ReflectionRequest {
  messageRequest:
    | {
        case: 'fileByFilename' | 'fileContainingSymbol' | 'allExtensionNumbersOfType' | 'listServices';
        value: string;
      }
    | { case: 'fileContainingExtension'; value: { containingType: string; extensionNumber: number } }
    | { case: undefined; value?: undefined };
}

/** The `message_response` oneof of a ServerReflectionResponse, in either version. */
export type ReflectionAnswer =
  | { case: 'fileDescriptorResponse'; value: { fileDescriptorProto: Uint8Array[] } }
  | { case: 'allExtensionNumbersResponse'; value: { baseTypeName: string; extensionNumber: number[] } }
  | { case: 'listServicesResponse'; value: { service: { name: string }[] } }
  | { case: 'errorResponse'; value: { errorCode: number; errorMessage: string } };

/**
 * Answers one reflection request. Failures are answered in-band with an error_response, as the
 * protocol asks, so that one bad request does not end the stream.
 *
 * File answers carry the file and all its imports on every request: stateless and correct for
 * clients that do not cache across requests; the spec allows it and our descriptors are small.
 */
export function answerReflectionRequest(
  index: DescriptorIndex,
  request: ReflectionRequest,
): ReflectionAnswer {
  const req = request.messageRequest;
  switch (req.case) {
    case 'listServices':
      return {
        case: 'listServicesResponse',
        value: { service: index.serviceNames.map((name) => ({ name })) },
      };
    case 'fileByFilename':
      return filesOf(index.fileByName(req.value), `file "${req.value}"`);
    case 'fileContainingSymbol':
      return filesOf(index.fileBySymbol(req.value), `symbol "${req.value}"`);
    case 'fileContainingExtension': {
      const { containingType, extensionNumber } = req.value;
      const file = index.fileByExtension(containingType, extensionNumber);
      return filesOf(file, `extension ${extensionNumber} of "${containingType}"`);
    }
    case 'allExtensionNumbersOfType': {
      const numbers = index.extensionNumbers(req.value);
      if (numbers === undefined) return error(Code.NotFound, `type "${req.value}" not found`);
      return {
        case: 'allExtensionNumbersResponse',
        value: { baseTypeName: req.value, extensionNumber: numbers },
      };
    }
    default:
      return error(Code.InvalidArgument, 'no message_request set');
  }
}

function filesOf(file: DescFile | undefined, what: string): ReflectionAnswer {
  if (file === undefined) return error(Code.NotFound, `${what} not found`);
  const fileDescriptorProto = withDependencies(file).map((f) => toBinary(FileDescriptorProtoSchema, f.proto));
  return { case: 'fileDescriptorResponse', value: { fileDescriptorProto } };
}

/** Connect's codes carry the gRPC numbers, which is what error_code holds. */
function error(code: Code, errorMessage: string): ReflectionAnswer {
  return { case: 'errorResponse', value: { errorCode: code, errorMessage } };
}
