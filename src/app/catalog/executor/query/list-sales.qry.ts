import { type SaleStatus } from '../../../../domain/catalog/flash-sale';
import { type PageRequest } from '../../../../domain/shared/page';

export class ListSalesQry {
  constructor(
    readonly page: PageRequest,
    readonly status?: SaleStatus,
  ) {}
}
