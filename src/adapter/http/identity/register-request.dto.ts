import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_PATTERN,
  PASSWORD_RULE,
} from '../../../domain/identity/password-policy';

export class RegisterRequestDto {
  /** Stored in lower case; an address taken in any letter case is refused. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail({}, { message: 'must be an email' })
  @MaxLength(254)
  email!: string;

  // class-validator checks bottom-up and stops at the first failure: the type check goes last.
  /** 8 to 128 characters with at least one letter and one digit. */
  @MinLength(PASSWORD_MIN_LENGTH, { message: PASSWORD_RULE })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_RULE })
  @Matches(PASSWORD_PATTERN, { message: PASSWORD_RULE })
  @IsString()
  password!: string;

  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(100)
  @IsString()
  displayName!: string;
}
