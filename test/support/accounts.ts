import { randomBytes } from 'node:crypto';
import { type HttpClient } from './http-client';
import { TEST_ADMIN } from './test-environment';

export interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
}

export async function registerAndLogIn(http: HttpClient, displayName = 'Shopper'): Promise<Account> {
  const email = `shopper-${randomBytes(6).toString('hex')}@test.local`;
  const password = 'shopper-pass-1';
  const registered = await http.post('/api/auth/register', { email, password, displayName });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${registered.text}`);
  return { id: registered.body.id, email, password, token: await logIn(http, email, password) };
}

export async function logInAsAdmin(http: HttpClient): Promise<string> {
  return logIn(http, TEST_ADMIN.email, TEST_ADMIN.password);
}

export async function logIn(http: HttpClient, email: string, password: string): Promise<string> {
  const response = await http.post('/api/auth/login', { email, password });
  if (response.status !== 200) throw new Error(`login: ${response.status} ${response.text}`);
  return response.body.accessToken;
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
