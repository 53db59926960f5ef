/**
 * Slack Web API adapter: plain async functions around the official `@slack/web-api` client. Free of n8n so the
 * CLI and tests can use it; the StripeChatSlack node wires it to parameters and credentials.
 */
export * from './client';
export * from './errors';
export * from './channels';
export * from './messages';
export * from './operations';
export * from './threading';
export * from './burst';
export * from './responseUrl';
