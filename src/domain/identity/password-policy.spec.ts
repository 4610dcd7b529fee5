import { isAcceptablePassword } from './password-policy';

describe('password policy', () => {
  it.each([
    ['abcdefg1', true],
    ['12345678a', true],
    ['пароль123', true],
    ['abcdefgh', false],
    ['12345678', false],
    ['abc12', false],
    ['a1'.repeat(64), true],
    ['a1'.repeat(64) + 'x', false],
  ])('%s → %s', (password, expected) => {
    expect(isAcceptablePassword(password)).toBe(expected);
  });
});
