/**
 * The Discord REST adapter: plain async functions around Node's `fetch`, free of n8n so the CLI and tests can use
 * it; the nodes reach it through the platform (`./platform.ts`). The renderer is `./render.ts`.
 */
export * from './addressing';
export * from './client';
export * from './credentials';
export * from './errors';
export * from './limits';
export * from './markdown';
export * from './messages';
export * from './platform';
export * from './render';
export * from './interactionWebhook';
export * from './recovery';
