import { Email } from '../../../domain/identity/email';
import { type Role, User } from '../../../domain/identity/user';
import { type UserOrmEntity } from './user.orm-entity';

export function toUser(row: UserOrmEntity): User {
  return new User({
    id: String(row.id),
    email: Email.of(row.email),
    displayName: row.displayName,
    role: row.role as Role,
    passwordHash: row.passwordHash,
    createdAt: row.createdAt,
  });
}
