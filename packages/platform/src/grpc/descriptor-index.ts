import type { DescEnum, DescExtension, DescFile, DescMessage, DescService } from '@bufbuild/protobuf';

/** Lookups a reflection server needs, over the files of some services and all their imports. */
export interface DescriptorIndex {
  /** Fully-qualified names of the services, in the order given, without duplicates. */
  readonly serviceNames: readonly string[];
  /** The file with this path, e.g. `marketplace/loms/v1/loms.proto`. */
  fileByName(filename: string): DescFile | undefined;
  /** The file declaring a fully-qualified service, method, message, field, oneof, enum, enum value or extension. */
  fileBySymbol(symbol: string): DescFile | undefined;
  /** The file declaring extension `number` of message `extendee`. */
  fileByExtension(extendee: string, number: number): DescFile | undefined;
  /** Extension numbers of a known message, possibly none; `undefined` when the message is unknown. */
  extensionNumbers(typeName: string): number[] | undefined;
}

/** Indexes `services`, the files that declare them, and every file those import, transitively. */
export function createDescriptorIndex(services: readonly DescService[]): DescriptorIndex {
  const files = new Map<string, DescFile>();
  const symbols = new Map<string, DescFile>();
  const extensions = new Map<string, DescFile>();
  const extensionsOf = new Map<string, number[]>();
  const messages = new Set<string>();

  const addExtension = (ext: DescExtension) => {
    symbols.set(ext.typeName, ext.file);
    extensions.set(extensionKey(ext.extendee.typeName, ext.number), ext.file);
    extensionsOf.set(ext.extendee.typeName, [...(extensionsOf.get(ext.extendee.typeName) ?? []), ext.number]);
  };
  const addEnum = (desc: DescEnum) => {
    symbols.set(desc.typeName, desc.file);
    // Enum values are scoped as siblings of their enum, not as its children (protobuf scoping rules).
    const scope = desc.typeName.slice(0, desc.typeName.length - desc.name.length);
    for (const value of desc.values) symbols.set(scope + value.name, desc.file);
  };
  const addMessage = (desc: DescMessage) => {
    symbols.set(desc.typeName, desc.file);
    messages.add(desc.typeName);
    for (const member of [...desc.fields, ...desc.oneofs])
      symbols.set(`${desc.typeName}.${member.name}`, desc.file);
    desc.nestedMessages.forEach(addMessage);
    desc.nestedEnums.forEach(addEnum);
    desc.nestedExtensions.forEach(addExtension);
  };
  const addFile = (file: DescFile) => {
    if (files.has(file.proto.name)) return;
    files.set(file.proto.name, file);
    file.messages.forEach(addMessage);
    file.enums.forEach(addEnum);
    file.extensions.forEach(addExtension);
    for (const service of file.services) {
      symbols.set(service.typeName, file);
      for (const method of service.methods) symbols.set(`${service.typeName}.${method.name}`, file);
    }
    file.dependencies.forEach(addFile);
  };
  for (const service of services) addFile(service.file);

  return {
    serviceNames: [...new Set(services.map((s) => s.typeName))],
    fileByName: (filename) => files.get(filename),
    fileBySymbol: (symbol) => symbols.get(symbol),
    fileByExtension: (extendee, number) => extensions.get(extensionKey(extendee, number)),
    extensionNumbers: (typeName) => (messages.has(typeName) ? (extensionsOf.get(typeName) ?? []) : undefined),
  };
}

/**
 * The file and every file it imports, transitively, the requested file first and each file once.
 * Reflection clients such as grpcurl cannot build a descriptor without all of its imports.
 */
export function withDependencies(file: DescFile): DescFile[] {
  const seen = new Map<string, DescFile>();
  const visit = (f: DescFile) => {
    if (seen.has(f.proto.name)) return;
    seen.set(f.proto.name, f);
    f.dependencies.forEach(visit);
  };
  visit(file);
  return [...seen.values()];
}

function extensionKey(extendee: string, number: number): string {
  return `${extendee}#${number}`;
}
