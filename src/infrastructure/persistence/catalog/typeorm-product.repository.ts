import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Repository } from 'typeorm';
import { type NewProduct, type Product, type ProductChanges } from '../../../domain/catalog/product';
import { type ProductListFilter, ProductRepository } from '../../../domain/catalog/product.repository';
import { offsetOf, type Page, type PageRequest } from '../../../domain/shared/page';
import { toProduct } from './catalog.mappers';
import { isRowId } from './row-id';
import { ProductOrmEntity } from './product.orm-entity';

@Injectable()
export class TypeormProductRepository extends ProductRepository {
  constructor(
    @InjectRepository(ProductOrmEntity) private readonly rows: Repository<ProductOrmEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async findById(id: string): Promise<Product | null> {
    if (!isRowId(id)) return null;
    const row = await this.rows.findOneBy({ id, deletedAt: IsNull() });
    return row ? toProduct(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Product[]> {
    const valid = ids.filter(isRowId);
    if (valid.length === 0) return [];
    const rows = await this.rows.findBy({ id: In(valid), deletedAt: IsNull() });
    return rows.map(toProduct);
  }

  async list(page: PageRequest, filter: ProductListFilter = {}): Promise<Page<Product>> {
    const [rows, total] = await this.rows.findAndCount({
      where: { deletedAt: IsNull(), ...(filter.name === undefined ? {} : { name: filter.name }) },
      order: { id: 'DESC' },
      skip: offsetOf(page),
      take: page.pageSize,
    });
    return { items: rows.map(toProduct), page: page.page, pageSize: page.pageSize, total };
  }

  async insert(product: NewProduct): Promise<Product> {
    const now = new Date();
    const result = await this.rows.insert({ ...product, createdAt: now, updatedAt: now, deletedAt: null });
    const id = String((result.identifiers[0] as { id: string | number }).id);
    return toProduct(await this.rows.findOneByOrFail({ id }));
  }

  async update(id: string, changes: ProductChanges): Promise<Product | null> {
    if (!isRowId(id)) return null;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    if (Object.keys(defined).length > 0) {
      await this.rows.update({ id, deletedAt: IsNull() }, { ...defined, updatedAt: new Date() });
    }
    return this.findById(id);
  }

  async delete(id: string): Promise<void> {
    if (!isRowId(id)) return;
    await this.rows.update({ id, deletedAt: IsNull() }, { deletedAt: new Date() });
  }

  async deleteUnlessOnSale(id: string, now: Date): Promise<'deleted' | 'on-sale' | 'not-found'> {
    if (!isRowId(id)) return 'not-found';
    return this.dataSource.transaction(async (manager) => {
      // The product row lock orders this against a sale being created for it (which share-locks the row).
      const found: unknown[] = await manager.query(
        'SELECT id FROM products WHERE id = ? AND deleted_at IS NULL FOR UPDATE',
        [id],
      );
      if (found.length === 0) return 'not-found';
      const live: unknown[] = await manager.query(
        'SELECT id FROM flash_sales WHERE product_id = ? AND deleted_at IS NULL AND ends_at > ? LIMIT 1',
        [id, now],
      );
      if (live.length > 0) return 'on-sale';
      await manager.query('UPDATE products SET deleted_at = ? WHERE id = ?', [now, id]);
      return 'deleted';
    });
  }
}
