import { captchaAnswerMatches, parseProofOfWorkAnswer } from './captcha-challenges';

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

describe('parseProofOfWorkAnswer', () => {
  it('takes a plain decimal number up to maxnumber', () => {
    expect(parseProofOfWorkAnswer('0', 1000)).toBe(0);
    expect(parseProofOfWorkAnswer(' 1000 ', 1000)).toBe(1000);
  });

  it('refuses anything else', () => {
    for (const answer of ['', '1001', '-1', '1e3', '0x10', '12.5', '12x', '99999999999']) {
      expect(parseProofOfWorkAnswer(answer, 1000)).toBeNull();
    }
  });
});
