import { type User } from '../../../domain/identity/user';

/** The public face of an account: never the password hash or any internal column. */
export class UserResponseDto {
  id!: string;
  email!: string;
  displayName!: string;
  role!: 'customer' | 'admin';
  /** ISO 8601, UTC. */
  createdAt!: string;

  static from(user: User): UserResponseDto {
    return Object.assign(new UserResponseDto(), {
      id: user.id,
      email: user.email.value,
      displayName: user.displayName,
      role: user.role,
      createdAt: user.createdAt.toISOString(),
    });
  }
}
