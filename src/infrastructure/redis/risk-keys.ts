/**
 * Redis layout of the risk context (all under REDIS_KEY_PREFIX):
 * - `risk:ip-bans` — pub/sub channel: `{"kind":"ban","ip":…,"expiresAtMs":…|null}` or `{"kind":"lift","ip":…}`;
 * - `risk:violations:<ip>` — count of 429 answers to an address within the auto-ban window (string, TTL);
 * - `fs:{sale:<id>}:captcha:<captchaId>` — one captcha challenge (hash: `user`, `answer` in lower case;
 *   TTL CAPTCHA_TTL_SECONDS), under the sale's hash tag like the rest of the sale's keys.
 */
export class RiskKeys {
  constructor(private readonly prefix: string) {}

  banChannel(): string {
    return `${this.prefix}risk:ip-bans`;
  }
  violations(ip: string): string {
    return `${this.prefix}risk:violations:${ip}`;
  }
  captcha(saleId: string, captchaId: string): string {
    return `${this.prefix}fs:{sale:${saleId}}:captcha:${captchaId}`;
  }
}
