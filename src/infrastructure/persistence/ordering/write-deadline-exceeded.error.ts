/** A write that could not commit by then is rolled back: its caller has already answered 503. */
export class WriteDeadlineExceededError extends Error {
  constructor() {
    super('The write missed its deadline and was rolled back');
    this.name = 'WriteDeadlineExceededError';
  }
}
