import { registerDecorator, type ValidationArguments } from 'class-validator';
import { banTarget } from '../../../domain/risk/ip-address';

/** An address or a CIDR range an admin may ban (API.md "Client address"); the message says what is wrong. */
export function IsBanTarget(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isBanTarget',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && banTarget(value).ok,
        defaultMessage: (args?: ValidationArguments) => {
          const result = typeof args?.value === 'string' ? banTarget(args.value) : null;
          return result && !result.ok ? result.problem : 'must be an ip address or a CIDR range';
        },
      },
    });
  };
}
