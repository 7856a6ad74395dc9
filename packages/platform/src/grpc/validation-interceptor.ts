import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { pathToString } from '@bufbuild/protobuf/reflect';
import { createValidator, type Validator, type Violation } from '@bufbuild/protovalidate';
import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { nulCharacterViolations } from './nul-characters.ts';

/** One validator per process: it compiles the rules of each message type once. */
const sharedValidator = createValidator();

/**
 * Checks every request message against the protovalidate rules of its proto (`buf.validate`
 * annotations) before the handler runs, on every transport that reaches the router (gRPC, gRPC-Web,
 * Connect and the REST gateway). A request that breaks a rule is refused with InvalidArgument naming
 * each field and rule: `invalid OrderCreateRequest.user_id: value must be greater than 0`, several
 * joined by "; ". Streamed requests are checked message by message. One rule holds for every string
 * without an annotation: no NUL characters, which PostgreSQL text cannot store.
 */
export function createValidationInterceptor(validator: Validator = sharedValidator): Interceptor {
  return (next) => async (req) => {
    if (!req.stream) {
      assertValid(req.method.input, req.message, validator);
      return next(req);
    }
    const messages = req.message;
    const input = req.method.input;
    async function* checked() {
      for await (const message of messages) {
        assertValid(input, message, validator);
        yield message;
      }
    }
    return next({ ...req, message: checked() });
  };
}

/** The rule violations of `message`; an error in the rules themselves is thrown (a server bug). */
export function ruleViolations<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  validator: Validator = sharedValidator,
): Violation[] {
  const result = validator.validate(schema, message);
  if (result.kind === 'error') throw result.error;
  return result.violations ?? [];
}

/**
 * One violation as the API words it: `invalid <subject>.<field path>: <rule>`, where the rule is
 * protovalidate's text with `value` as its subject (`must be greater than 0` reads `value must be
 * greater than 0`).
 */
export function describeViolation(subject: string, violation: Violation): string {
  const path = pathToString(violation.field);
  const text = violation.message || `violates rule ${violation.ruleId}`;
  return `invalid ${path ? `${subject}.${path}` : subject}: ${/^must\b/.test(text) ? `value ${text}` : text}`;
}

function assertValid(schema: DescMessage, message: MessageShape<DescMessage>, validator: Validator): void {
  const described = [
    ...ruleViolations(schema, message, validator).map((v) => describeViolation(schema.name, v)),
    ...nulCharacterViolations(schema, message),
  ];
  if (described.length > 0) throw new ConnectError(described.join('; '), Code.InvalidArgument);
}
