/**
 * The Slack Web API adapter: plain async functions around the official `@slack/web-api` client. Free of n8n so the
 * CLI and tests can use it; the nodes reach it through the platform (`./platform.ts`). The Block Kit renderer is
 * `./render.ts` (framework-free like the core, imported on its own).
 */
export * from './client';
export * from './errors';
export * from './addressing';
export * from './channels';
export * from './messages';
export * from './operations';
export * from './threading';
export * from './burst';
export * from './responseUrl';
export * from './credentials';
export * from './history';
export * from './views';
export * from './recovery';
