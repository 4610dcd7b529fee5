import { type User } from '../../../domain/identity/user';
import { UserResponseDto } from './user-response.dto';
import { PageResponseOf } from '../common/page-response.dto';

export class UserPageResponseDto extends PageResponseOf(UserResponseDto, (item: User) =>
  UserResponseDto.from(item),
) {}
