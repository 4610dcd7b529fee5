import { type PageRequest } from '../../../../domain/shared/page';

export class ListUsersQry {
  constructor(readonly page: PageRequest) {}
}
