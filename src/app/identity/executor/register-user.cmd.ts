export class RegisterUserCmd {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly displayName: string,
  ) {}
}
