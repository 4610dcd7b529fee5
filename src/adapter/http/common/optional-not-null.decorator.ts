import { ValidateIf } from 'class-validator';

/**
 * An optional field that, when present, must be valid: unlike @IsOptional(), null is checked (and refused by
 * the type check), so `{"title": null}` is a 400 rather than a silent "unset".
 */
export const IsOptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);
