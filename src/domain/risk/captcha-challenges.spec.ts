import { captchaAnswerMatches } from './captcha-challenges';

describe('captchaAnswerMatches', () => {
  it('ignores letter case and surrounding blanks', () => {
    expect(captchaAnswerMatches('aB3xY', 'ab3xy')).toBe(true);
    expect(captchaAnswerMatches('aB3xY', ' AB3XY ')).toBe(true);
  });

  it('refuses anything else', () => {
    expect(captchaAnswerMatches('aB3xY', 'aB3x')).toBe(false);
    expect(captchaAnswerMatches('aB3xY', 'aB3xYz')).toBe(false);
    expect(captchaAnswerMatches('', '')).toBe(false);
  });
});
