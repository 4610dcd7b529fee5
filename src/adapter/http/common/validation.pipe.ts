import {
  type ArgumentMetadata,
  ValidationPipe,
  type ValidationError as ClassValidatorError,
} from '@nestjs/common';
import { type FieldProblem, ValidationError } from '../../../domain/shared/domain-error';

/** Whitelisting with rejection: an unknown field is a 400, never silently dropped. One problem per field. */
class StrictValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const expectsObject = metadata.type === 'body' && typeof metadata.metatype === 'function';
    if (expectsObject && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new ValidationError([{ field: 'body', message: 'must be a JSON object' }]);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationError(toFieldProblems(errors)),
  });
}

export function toFieldProblems(errors: ClassValidatorError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field: field || 'body',
      message:
        rule === 'whitelistValidation' ? 'is not an accepted field' : stripFieldName(message, error.property),
    }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

/** class-validator starts messages with the property name; the field is already named beside it. */
function stripFieldName(message: string, property: string): string {
  return property && message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
