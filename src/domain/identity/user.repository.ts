import { type Page, type PageRequest } from '../shared/page';
import { type Email } from './email';
import { type NewUser, type User } from './user';

/** Port: where accounts live. */
export abstract class UserRepository {
  abstract findById(id: string): Promise<User | null>;
  abstract findByEmail(email: Email): Promise<User | null>;
  /** Throws EmailTakenError when the address is already registered. */
  abstract insert(user: NewUser): Promise<User>;
  /** Newest first. */
  abstract list(page: PageRequest): Promise<Page<User>>;
}
