import { type Email } from './email';

export type Role = 'customer' | 'admin';

export interface UserProps {
  id: string;
  email: Email;
  displayName: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
}

/** An account. The password hash never leaves the identity use cases. */
export class User {
  constructor(private readonly props: UserProps) {}

  get id(): string {
    return this.props.id;
  }
  get email(): Email {
    return this.props.email;
  }
  get displayName(): string {
    return this.props.displayName;
  }
  get role(): Role {
    return this.props.role;
  }
  get passwordHash(): string {
    return this.props.passwordHash;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }

  get isAdmin(): boolean {
    return this.props.role === 'admin';
  }
}

/** What a repository needs to create an account; the id and creation time are its to assign. */
export interface NewUser {
  email: Email;
  displayName: string;
  role: Role;
  passwordHash: string;
}
