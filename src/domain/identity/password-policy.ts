/** 8–128 characters with at least one letter and one digit (API.md). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_PATTERN = /^(?=.*\p{L})(?=.*\p{Nd}).*$/su;
export const PASSWORD_RULE = 'must be 8 to 128 characters with at least one letter and one digit';

export function isAcceptablePassword(password: string): boolean {
  return (
    password.length >= PASSWORD_MIN_LENGTH &&
    password.length <= PASSWORD_MAX_LENGTH &&
    PASSWORD_PATTERN.test(password)
  );
}
