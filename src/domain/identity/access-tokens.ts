import { type Principal } from './principal';
import { type User } from './user';

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Port: issues and checks the bearer tokens that prove who is calling. */
export abstract class AccessTokens {
  abstract issue(user: User): Promise<AccessToken>;
  /** Throws UnauthenticatedError for a forged, expired or foreign token. */
  abstract verify(token: string): Promise<Principal>;
}
