import { type PageRequest } from '../../../../domain/shared/page';

export class ListProductsQry {
  constructor(
    readonly page: PageRequest,
    /** Only the products with exactly this name. */
    readonly name?: string,
  ) {}
}
