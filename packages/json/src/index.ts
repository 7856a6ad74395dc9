export { DuplicateKeyError, parseJson, protectLargeNumbers, readInt64, stringifyJson } from './exact-json.ts';
export { describeLooseInteger, findLooseInteger, type LooseInteger } from './strict-integers.ts';
