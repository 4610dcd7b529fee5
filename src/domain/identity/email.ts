/** An email address, normalised to lower case so that uniqueness ignores letter case. */
export class Email {
  private constructor(readonly value: string) {}

  static of(raw: string): Email {
    return new Email(raw.trim().toLowerCase());
  }

  equals(other: Email): boolean {
    return this.value === other.value;
  }
}
