import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { type AccessToken, AccessTokens } from '../../domain/identity/access-tokens';
import { UnauthenticatedError } from '../../domain/identity/identity.errors';
import { type Principal } from '../../domain/identity/principal';
import { type Role, type User } from '../../domain/identity/user';

interface Claims {
  sub: string;
  role: Role;
  exp?: number;
}

/** Verified tokens remembered; a shopper's retries reuse one token, and each entry lapses with its token. */
const VERIFIED_TOKENS_KEPT = 20_000;

const ROLES: readonly Role[] = ['customer', 'admin'];

/**
 * HS256 only (never "none" or another algorithm picked by the token), with issuer, audience and an expiry it
 * must carry. The role it claims is only a hint: AccessTokenGuard checks the stored account.
 */
@Injectable()
export class JwtAccessTokens extends AccessTokens {
  /**
   * A key object, made once: given a string, jsonwebtoken first tries it as a public key on every call,
   * which cost about a quarter of the server's CPU in the benchmark.
   */
  private readonly key: KeyObject;
  /** Checking the signature and claims was a tenth of the CPU of a refused attempt. */
  private readonly verified = new LRUCache<string, Principal>({ max: VERIFIED_TOKENS_KEPT });

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    super();
    this.key = createSecretKey(Buffer.from(config.jwt.secret, 'utf8'));
  }

  async issue(user: User): Promise<AccessToken> {
    const { issuer, audience, expiresInSeconds } = this.config.jwt;
    const claims: Claims = { sub: user.id, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.key as unknown as Buffer,
      algorithm: 'HS256',
      issuer,
      audience,
      expiresIn: expiresInSeconds,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: expiresInSeconds };
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) return known;
    const { principal, expiresAtMs } = await this.verifySignature(token);
    const ttl = expiresAtMs - Date.now();
    if (ttl > 0) this.verified.set(token, principal, { ttl });
    return principal;
  }

  private async verifySignature(token: string): Promise<{ principal: Principal; expiresAtMs: number }> {
    const { issuer, audience } = this.config.jwt;
    let claims: Partial<Claims>;
    try {
      claims = await this.jwt.verifyAsync<Claims>(token, {
        secret: this.key as unknown as Buffer,
        algorithms: ['HS256'],
        issuer,
        audience,
      });
    } catch {
      throw new UnauthenticatedError('The access token is invalid or has expired');
    }
    // jsonwebtoken accepts a token without `exp` as never expiring: such a token is refused here.
    if (
      typeof claims.sub !== 'string' ||
      !ROLES.includes(claims.role as Role) ||
      typeof claims.exp !== 'number'
    ) {
      throw new UnauthenticatedError('The access token is invalid or has expired');
    }
    const expiresAtMs = claims.exp * 1000;
    return { principal: { userId: claims.sub, role: claims.role as Role, expiresAtMs }, expiresAtMs };
  }
}
