import { type PageRequest } from '../../../../domain/shared/page';

export class ListMyOrdersQry {
  constructor(
    readonly userId: string,
    readonly page: PageRequest,
  ) {}
}
