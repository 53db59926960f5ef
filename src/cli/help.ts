export const MAIN_HELP = `stripe-chat-channel: Stripe events as chat messages, from a terminal

Usage:
  stripe-chat-channel render [options] FILE|-
  stripe-chat-channel send-event FILE --url URL [--secret whsec_...] [--timestamp UNIX]
  stripe-chat-channel audit export --since DATE [--until DATE] [--format csv|jsonl] [--state-file PATH | --redis URL]

Commands:
  render       Show the chat message the Payment Alert node would build for a Stripe event
  send-event   POST a Stripe event to a webhook URL, signed the way Stripe signs it
  audit        Export the audit trail (who did what from the chat, and what was refused) as CSV or JSON Lines

Options:
  -h, --help   Show help (also after a command: stripe-chat-channel render --help)
  --version    Show the version

Exit codes: 0 done, 1 the webhook did not answer 2xx (render --check: a limit broken), 2 wrong usage or input
that is not a Stripe event.
`;

/**
 * `render --help`. The platform formats come from the registry (src/platforms/index.ts), so a new platform is listed
 * as soon as it is registered.
 */
export function renderHelp(platforms: ReadonlyArray<{ id: string; displayName: string }>): string {
	const formats = [...platforms.map((platform) => platform.id), 'text', 'model'].join('|');
	const platformLines = platforms
		.map((platform) => `                                   ${platform.id.padEnd(9)} ${platform.displayName}`)
		.join('\n');
	return `Usage: stripe-chat-channel render [options] FILE|-

Reads one Stripe event (a JSON file, or standard input for -) and prints the message built from it. Works
offline: nothing is sent anywhere.

Options:
  --format ${formats}
                                 A chat platform's id: the message as that platform's API takes it, as JSON
                                 (without the channel); slack (the default) is {"text", "blocks"} for
                                 chat.postMessage. Platforms:
${platformLines}
                                 text: plain text; model: the message model as JSON
  --check                        Exit 1 when the rendering breaks the platform's limits (sizes, counts,
                                 lengths); without it they are only warnings on standard error
  --redaction standard|strict|off
                                 standard (default) masks e-mails, phone numbers and street addresses;
                                 strict also hides names; off shows customer data as received
  --locale LOCALE                Locale for amounts and dates, e.g. en-US (default), de-DE, ja-JP
  --timezone ZONE                Time zone for dates, e.g. UTC (default), Europe/Berlin
  --action-secret SECRET         Sign and include action buttons (or set STRIPE_CHAT_CHANNEL_ACTION_SECRET,
                                 which keeps the secret out of your shell history); without it: no buttons
  -h, --help                     Show this help

Examples:
  stripe-chat-channel render event.json
  stripe-chat-channel render --format text --locale de-DE --timezone Europe/Berlin event.json
  cat event.json | stripe-chat-channel render --format model -
`;
}

export const SEND_EVENT_HELP = `Usage: stripe-chat-channel send-event FILE --url URL [--secret whsec_...] [--timestamp UNIX]

POSTs a Stripe event to a webhook URL exactly as Stripe does: the file's bytes unchanged as the body,
Content-Type application/json, Stripe's User-Agent and a valid Stripe-Signature header. Use it to try a
Stripe Event Trigger without a Stripe account (an offline "stripe trigger").

Options:
  --url URL              Where to send it, e.g. the trigger's test URL (http:// or https://)
  --secret whsec_...     The endpoint's signing secret (or set STRIPE_WEBHOOK_SECRET, which keeps it out of
                         your shell history). It is never printed.
  --timestamp UNIX       Signature time in Unix seconds (default: now); an old one tests replay protection
  -h, --help             Show this help

Prints the HTTP status and the start of the answer. Exit 0 on 2xx, 1 on any other answer or when the URL
cannot be reached, 2 when the file is not a Stripe event or an option is wrong.

Example:
  STRIPE_WEBHOOK_SECRET=whsec_... stripe-chat-channel send-event event.json --url http://localhost:5678/webhook-test/stripe
`;

export const AUDIT_HELP = `Usage: stripe-chat-channel audit export --since DATE [--until DATE] [--format csv|jsonl]
                                        [--state-file PATH | --redis URL [--redis-prefix PREFIX]]

Writes every audit record from --since (and before --until) to standard output, oldest first: one record per
button click, form, slash command, AI tool call and look-up, refusals included. Customer data is redacted
as in chat messages. n8n need not run.

Options:
  --since DATE           First day (2026-11-01, midnight UTC) or time (2026-11-01T09:00:00Z) to export
  --until DATE           Export records before this day or time (default: up to now)
  --format csv|jsonl     csv (default): a header row, then one row per record (RFC 4180);
                         jsonl: one JSON object per line
  --state-file PATH      The embedded store's file (default: $STRIPE_CHAT_CHANNEL_STATE_FILE, else
                         <N8N_USER_FOLDER or home>/.n8n/stripe-chat-channel/state.sqlite, as n8n has it)
  --redis URL            The Redis store, e.g. redis://user:password@host:6379/0 (rediss:// for TLS), or set
                         STRIPE_CHAT_CHANNEL_REDIS_URL, which keeps the password out of your shell history
  --redis-prefix PREFIX  Key prefix (default: $STRIPE_CHAT_CHANNEL_REDIS_PREFIX, else stripe-chat-channel:)
  -h, --help             Show this help

Prints how many records were exported on standard error. Exit 0 done, 1 the store could not be read,
2 wrong usage.

Examples:
  stripe-chat-channel audit export --since 2026-11-01 --format csv > audit-november.csv
  STRIPE_CHAT_CHANNEL_REDIS_URL=redis://redis:6379 stripe-chat-channel audit export --since 2026-11-01 --format jsonl
`;
