import { buildMessage } from '../core/buildMessage';
import { InvalidEventError } from '../core/normalize';
import { REDACTION_POLICIES } from '../core/redact';
import { renderSlack } from '../platforms/slack/render';
import { renderText } from '../core/render/text';
import type { ChatMessage, RedactionPolicy } from '../core/types';
import { oneOf, parseCommandLine } from './args';
import { RENDER_HELP } from './help';
import type { CliIo } from './io';
import { EXIT_OK, parseJson, readInput, UsageError } from './io';

export const RENDER_FORMATS = ['slack', 'text', 'model'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

export const ACTION_SECRET_ENV = 'STRIPE_CHAT_CHANNEL_ACTION_SECRET';

function checkLocale(locale: string): string {
	try {
		return Intl.getCanonicalLocales(locale)[0] ?? locale;
	} catch {
		throw new UsageError(`--locale "${locale}" is not a locale: use a tag such as en-US, de-DE or ja-JP`, true);
	}
}

function checkTimeZone(timeZone: string): string {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return timeZone;
	} catch {
		throw new UsageError(
			`--timezone "${timeZone}" is not a time zone: use an IANA name such as UTC or Europe/Berlin`,
			true,
		);
	}
}

/** The output of `render` for one message: JSON for slack and model, plain text otherwise; ends with a newline. */
export function formatOutput(message: ChatMessage, format: RenderFormat): string {
	if (format === 'text') return `${renderText(message)}\n`;
	const output = format === 'slack' ? renderSlack(message) : message;
	return `${JSON.stringify(output, null, 2)}\n`;
}

/** `stripe-chat-channel render [--format F] [--redaction P] [--locale L] [--timezone TZ] FILE|-` */
export async function renderCommand(argv: readonly string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseCommandLine(argv, {
		format: { type: 'string' },
		redaction: { type: 'string' },
		locale: { type: 'string' },
		timezone: { type: 'string' },
		'action-secret': { type: 'string' },
		help: { type: 'boolean', short: 'h' },
	});
	if (values.help) {
		io.stdout.write(RENDER_HELP);
		return EXIT_OK;
	}
	if (positionals.length === 0) throw new UsageError('render needs a FILE (or - for standard input)', true);
	if (positionals.length > 1) throw new UsageError(`render takes one FILE, got ${positionals.length}`, true);

	const format = oneOf('--format', (values.format as string | undefined) ?? 'slack', RENDER_FORMATS);
	const redaction = oneOf<RedactionPolicy>(
		'--redaction',
		(values.redaction as string | undefined) ?? 'standard',
		REDACTION_POLICIES,
	);
	const locale = values.locale === undefined ? undefined : checkLocale(values.locale as string);
	const timeZone = values.timezone === undefined ? undefined : checkTimeZone(values.timezone as string);
	const actionSecret = (values['action-secret'] as string | undefined) || io.env[ACTION_SECRET_ENV] || undefined;

	const source = positionals[0];
	const event = parseJson(await readInput(source, io), source);
	let message: ChatMessage;
	try {
		message = buildMessage(event, { locale, timeZone, redaction, actionSecret });
	} catch (error: unknown) {
		if (error instanceof InvalidEventError) {
			throw new UsageError(`${source === '-' ? 'standard input' : source}: ${error.message}`);
		}
		throw error;
	}
	io.stdout.write(formatOutput(message, format));
	return EXIT_OK;
}
