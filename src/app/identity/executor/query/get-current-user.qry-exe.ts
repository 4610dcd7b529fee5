import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '../../../../domain/identity/identity.errors';
import { type User } from '../../../../domain/identity/user';
import { UserRepository } from '../../../../domain/identity/user.repository';
import { type GetCurrentUserQry } from './get-current-user.qry';

@Injectable()
export class GetCurrentUserQryExe {
  constructor(private readonly users: UserRepository) {}

  async execute(qry: GetCurrentUserQry): Promise<User> {
    const user = await this.users.findById(qry.userId);
    // A valid token for an account that no longer exists proves nothing.
    if (!user) throw new UnauthenticatedError('The account behind this token no longer exists');
    return user;
  }
}
