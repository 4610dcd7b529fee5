import { type ValidationError as ClassValidatorError } from '@nestjs/common';
import { toFieldProblems } from './validation.pipe';

describe('toFieldProblems', () => {
  it('flattens nested errors into dotted fields and drops the repeated property name', () => {
    const errors: ClassValidatorError[] = [
      { property: 'email', constraints: { isEmail: 'email must be an email' }, children: [] },
      {
        property: 'extra',
        constraints: { whitelistValidation: 'property extra should not exist' },
        children: [],
      },
      {
        property: 'address',
        children: [{ property: 'zip', constraints: { isString: 'zip must be a string' }, children: [] }],
      },
    ];
    expect(toFieldProblems(errors)).toEqual([
      { field: 'email', message: 'must be an email' },
      { field: 'extra', message: 'is not an accepted field' },
      { field: 'address.zip', message: 'must be a string' },
    ]);
  });
});
