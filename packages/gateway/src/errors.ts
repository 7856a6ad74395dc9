import { Code, ConnectError } from '@connectrpc/connect';
import { httpStatusFromCode } from './http-status.ts';

/** The JSON error body of the contract: `{"code": <grpc code number>, "message": "...", "details": []}`. */
export function errorBody(err: ConnectError): { code: number; message: string; details: unknown[] } {
  return { code: err.code, message: err.rawMessage, details: [] };
}

/** Status and headers of gateway errors whose status is not the one their code maps to. */
interface HttpOverride {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

// A side table rather than a ConnectError subclass: ConnectError's Symbol.hasInstance would make
// every ConnectError an instance of the subclass.
const overrides = new WeakMap<ConnectError, HttpOverride>();

/**
 * A gateway-level error answered with a status other than its code's (405 Method Not Allowed,
 * 413 Payload Too Large) and extra response headers.
 */
export function httpError(
  status: number,
  code: Code,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): ConnectError {
  const err = new ConnectError(message, code);
  overrides.set(err, { status, headers });
  return err;
}

/** The HTTP status to answer an error with. */
export function httpStatusOf(err: ConnectError): number {
  return overrides.get(err)?.status ?? httpStatusFromCode(err.code);
}

/** Extra response headers of an error made by {@link httpError}. */
export function httpHeadersOf(err: ConnectError): Readonly<Record<string, string>> {
  return overrides.get(err)?.headers ?? {};
}

/** Shorthand for the InvalidArgument errors the gateway raises for bad input. */
export function invalidArgument(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}

/** REST bodies are plain JSON: a compressed one (a possible decompression bomb) is refused unread. */
export function unsupportedEncoding(encoding: string | undefined): ConnectError {
  return httpError(
    415,
    Code.InvalidArgument,
    `content-encoding ${encoding} is not supported: send identity`,
    {
      connection: 'close',
    },
  );
}

/** What the client sees for an unexpected gateway exception; the cause goes to `onError` only. */
export const internalError = (): ConnectError => new ConnectError('internal error', Code.Internal);

const DECODE_FIELD = /^cannot decode field ([\w.]+) from JSON: (.*)$/s;
const DECODE_MESSAGE = /^cannot decode message ([\w.]+) from JSON: (.*)$/s;
const DECODE_ENUM = /^cannot decode enum ([\w.]+) from JSON: (.*)$/s;
const EXPECTED_ENUM = /^expected enum ([\w.]+), got (.*)$/s;
const EXPECTED_SCALAR = /^expected \w+ \((\w+)\)(?::|, got) (.*?)(?: out of range)?$/s;

/**
 * Turns a @bufbuild/protobuf JSON decode error into a client-readable message naming the field,
 * e.g. `invalid OrderCreateRequest.user_id: Infinity is not a valid int64`.
 */
export function describeDecodeError(err: unknown, fallbackMessage: string): string {
  const text = err instanceof Error ? err.message : String(err);
  const field = DECODE_FIELD.exec(text);
  if (field) return `invalid ${stripPackage(field[1]!, 2)}: ${describeDetail(field[2]!)}`;
  const message = DECODE_MESSAGE.exec(text);
  if (message) return `invalid ${stripPackage(message[1]!, 1)}: ${describeDetail(message[2]!)}`;
  return `invalid ${fallbackMessage}: ${text}`;
}

/** Only the reason of a decode error, e.g. `abc is not a valid int64`, for messages that name the field themselves. */
export function decodeErrorDetail(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const enumValue = DECODE_ENUM.exec(text);
  if (enumValue) return `${shorten(enumValue[2]!)} is not a valid ${stripPackage(enumValue[1]!, 1)}`;
  const match = DECODE_FIELD.exec(text) ?? DECODE_MESSAGE.exec(text);
  return describeDetail(match ? match[2]! : text);
}

function describeDetail(detail: string): string {
  const scalar = EXPECTED_SCALAR.exec(detail);
  if (scalar) return `${shorten(scalar[2]!)} is not a valid ${scalar[1]}`;
  const enumValue = EXPECTED_ENUM.exec(detail);
  return enumValue
    ? `${shorten(enumValue[2]!)} is not a valid ${stripPackage(enumValue[1]!, 1)}`
    : shorten(detail, 200);
}

/** A client's value as an error message quotes it: at most `max` characters, so a 100 KB number is not echoed. */
function shorten(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** Keeps the last `keep` dotted parts: `marketplace.loms.v1.Item.count` -> `Item.count`. */
function stripPackage(typeName: string, keep: number): string {
  return typeName.split('.').slice(-keep).join('.');
}
