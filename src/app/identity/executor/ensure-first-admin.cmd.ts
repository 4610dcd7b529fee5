export class EnsureFirstAdminCmd {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {}
}
