import { type PageRequest } from '../../../../domain/shared/page';

export class ListBansQry {
  constructor(readonly page: PageRequest) {}
}
