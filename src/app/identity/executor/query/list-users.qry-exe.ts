import { Injectable } from '@nestjs/common';
import { type User } from '../../../../domain/identity/user';
import { UserRepository } from '../../../../domain/identity/user.repository';
import { type Page } from '../../../../domain/shared/page';
import { type ListUsersQry } from './list-users.qry';

@Injectable()
export class ListUsersQryExe {
  constructor(private readonly users: UserRepository) {}

  execute(qry: ListUsersQry): Promise<Page<User>> {
    return this.users.list(qry.page);
  }
}
