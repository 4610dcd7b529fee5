import fastifyStatic from '@fastify/static';
import { type FastifyInstance, type FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The storefront's client-side routes (index.html) and the console's (admin/index.html). */
const STOREFRONT_ROUTES = ['/', '/sales/:id', '/login', '/register', '/orders', '/notifications'];
const CONSOLE_ROUTES = ['/admin', '/admin/', '/admin/*'];

export interface WebAppPages {
  storefront: string;
  console: string;
}

/**
 * Serves the storefront at / and the admin console at /admin from the same origin as the API. Only the
 * app's own routes answer with a page, so /api, /health, /metrics and /docs keep their 404s and bodies.
 * Hashed assets are immutable for a year; pages are revalidated on every load.
 */
export async function installWebApp(fastify: FastifyInstance, dir: string): Promise<boolean> {
  const pages = readPages(dir);
  if (!pages) return false;
  await fastify.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    setHeaders: (response) => {
      void response.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  const page = (html: string) => (_request: unknown, reply: FastifyReply) =>
    reply
      .header('Cache-Control', 'no-cache')
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'same-origin')
      .send(html);
  for (const url of STOREFRONT_ROUTES) fastify.get(url, page(pages.storefront));
  for (const url of CONSOLE_ROUTES) fastify.get(url, page(pages.console));
  return true;
}

function readPages(dir: string): WebAppPages | undefined {
  const storefront = join(dir, 'index.html');
  const console = join(dir, 'admin', 'index.html');
  if (!existsSync(storefront) || !existsSync(console)) return undefined;
  return { storefront: readFileSync(storefront, 'utf8'), console: readFileSync(console, 'utf8') };
}
