import type { DescMethod } from '@bufbuild/protobuf';

// FileDescriptorProto field numbers that make up a method's source location path.
const FILE_SERVICE = 6;
const SERVICE_METHOD = 2;

/**
 * The leading comment of a method, when its file descriptor kept source info.
 * protoc-gen-es embeds descriptors without it, so generated code usually yields undefined.
 */
export function methodComment(method: DescMethod): string | undefined {
  const service = method.parent;
  const file = service.file;
  const locations = file.proto.sourceCodeInfo?.location;
  if (!locations) return undefined;
  const path = [
    FILE_SERVICE,
    file.services.indexOf(service),
    SERVICE_METHOD,
    service.methods.indexOf(method),
  ];
  const location = locations.find(
    (l) => l.path.length === path.length && l.path.every((p, i) => p === path[i]),
  );
  const text = location?.leadingComments?.trim();
  return text ? text.replace(/\n /g, '\n') : undefined;
}

/** Summary and description for an operation: the comment's first line and the whole comment. */
export function describeMethod(method: DescMethod): { summary: string; description: string } {
  const comment = methodComment(method);
  const typeName = `${method.parent.typeName}.${method.name}`;
  if (comment === undefined) return { summary: method.name, description: `\`${typeName}\`` };
  return { summary: comment.split('\n')[0] ?? method.name, description: `${comment}\n\n\`${typeName}\`` };
}
