/**
 * The Telegram Bot API adapter: plain async functions on Node's `fetch`, free of n8n so the CLI and tests can use
 * them; the nodes reach them through the platform (`./platform.ts`). The HTML renderer is `./render.ts`.
 */
export * from './addressing';
export * from './callback';
export * from './client';
export * from './credentials';
export * from './errors';
export * from './limits';
export * from './messages';
export * from './platform';
export * from './render';
