import { type User } from '../../../domain/identity/user';
import { type Page } from '../../../domain/shared/page';
import { UserResponseDto } from './user-response.dto';

export class UserPageResponseDto {
  items!: UserResponseDto[];
  page!: number;
  pageSize!: number;
  total!: number;

  static from(page: Page<User>): UserPageResponseDto {
    return Object.assign(new UserPageResponseDto(), {
      ...page,
      items: page.items.map((user) => UserResponseDto.from(user)),
    });
  }
}
