import { type PageRequest } from '../../../../domain/shared/page';

export class ListMyNotificationsQry {
  constructor(
    readonly userId: string,
    readonly page: PageRequest,
  ) {}
}
