import { logIn } from '../support/accounts';
import { type HttpClient } from '../support/http-client';
import { TEST_ADMIN } from '../support/test-environment';

export const TEST_ADMIN_CREDENTIALS = TEST_ADMIN;

export function logInAsAdmin(http: HttpClient): Promise<string> {
  return logIn(http, TEST_ADMIN.email, TEST_ADMIN.password);
}
