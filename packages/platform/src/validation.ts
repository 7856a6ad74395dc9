import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { describeViolation, ruleViolations } from './grpc/validation-interceptor.ts';

/**
 * The checks of a request that its proto rules cannot express (those run for every call in the
 * validation interceptor): headers, page tokens, field masks, limits from configuration and rules
 * across fields. Collects the violations of one request message and throws a single InvalidArgument
 * worded like the interceptor's: `invalid UpdateProductRequest.update_mask: unknown field(s) ...`.
 */
export class RequestValidator {
  private readonly violations: string[] = [];

  constructor(private readonly messageName: string) {}

  /** Records a violation of `rule` on `field` unless `ok`. */
  check(field: string, ok: boolean, rule: string): this {
    if (!ok) this.violations.push(`invalid ${this.messageName}.${field}: ${rule}`);
    return this;
  }

  /** A limit on a list's length that comes from configuration, worded as protovalidate's max_items. */
  maxItems(field: string, list: readonly unknown[], max: number): this {
    return this.check(field, list.length <= max, `value must contain no more than ${max} item(s)`);
  }

  /**
   * Applies the proto rules of the message in `field` to its top-level fields named in `only` (all
   * when omitted): for a message whose rules hold only where another field says so, e.g. the fields
   * an update mask selects. The message's own field must be `ignore = IGNORE_ALWAYS` in the proto.
   */
  rules<Desc extends DescMessage>(
    field: string,
    schema: Desc,
    message: MessageShape<Desc>,
    only?: readonly string[],
  ): this {
    for (const violation of ruleViolations(schema, message)) {
      const first = violation.field[0];
      if (only && !(first?.kind === 'field' && only.includes(first.name))) continue;
      this.violations.push(describeViolation(`${this.messageName}.${field}`, violation));
    }
    return this;
  }

  /** Throws when any rule failed. */
  assert(): void {
    if (this.violations.length > 0) throw new ConnectError(this.violations.join('; '), Code.InvalidArgument);
  }
}

/** Starts validating a request message named `messageName` (the proto message name). */
export function validateRequest(messageName: string): RequestValidator {
  return new RequestValidator(messageName);
}
