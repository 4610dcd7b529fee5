import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type Email } from '../../../domain/identity/email';
import { EmailTakenError } from '../../../domain/identity/identity.errors';
import { type NewUser, type User } from '../../../domain/identity/user';
import { UserRepository } from '../../../domain/identity/user.repository';
import { offsetOf, type Page, type PageRequest } from '../../../domain/shared/page';
import { isDuplicateKey } from '../mysql-errors';
import { toUser } from './user.mapper';
import { UserOrmEntity } from './user.orm-entity';

@Injectable()
export class TypeormUserRepository extends UserRepository {
  constructor(@InjectRepository(UserOrmEntity) private readonly rows: Repository<UserOrmEntity>) {
    super();
  }

  async findById(id: string): Promise<User | null> {
    if (!/^\d{1,20}$/.test(id)) return null;
    const row = await this.rows.findOneBy({ id });
    return row ? toUser(row) : null;
  }

  async findByEmail(email: Email): Promise<User | null> {
    const row = await this.rows.findOneBy({ email: email.value });
    return row ? toUser(row) : null;
  }

  async insert(user: NewUser): Promise<User> {
    try {
      const result = await this.rows.insert({
        email: user.email.value,
        displayName: user.displayName,
        role: user.role,
        passwordHash: user.passwordHash,
        createdAt: new Date(),
      });
      const id = String((result.identifiers[0] as { id: string | number }).id);
      return toUser(await this.rows.findOneByOrFail({ id }));
    } catch (error) {
      if (isDuplicateKey(error, 'uq_users_email')) throw new EmailTakenError();
      throw error;
    }
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const [rows, total] = await this.rows.findAndCount({
      order: { id: 'DESC' },
      skip: offsetOf(page),
      take: page.pageSize,
    });
    return { items: rows.map(toUser), page: page.page, pageSize: page.pageSize, total };
  }
}
