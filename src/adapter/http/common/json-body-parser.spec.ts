import { jsonDepthExceeds } from './json-body-parser';

describe('jsonDepthExceeds', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

  it('counts objects and arrays together, up to the limit', () => {
    expect(jsonDepthExceeds(nested(32), 32)).toBe(false);
    expect(jsonDepthExceeds(nested(33), 32)).toBe(true);
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds(nested(8000), 32)).toBe(true);
  });

  it('measures depth, not the number of siblings', () => {
    expect(jsonDepthExceeds(`[${Array.from({ length: 1000 }, () => '[1]').join(',')}]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[[[', b: 'say \\"[[[[' }), 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: '\\' }) + '[[[', 2)).toBe(true);
  });
});
