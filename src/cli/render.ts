import { buildMessage } from '../core/buildMessage';
import { InvalidEventError } from '../core/normalize';
import { REDACTION_POLICIES } from '../core/redact';
import { CHAT_PLATFORMS } from '../platforms';
import type { ChatPlatform } from '../platforms';
import { renderText } from '../core/render/text';
import type { ChatMessage, RedactionPolicy } from '../core/types';
import { oneOf, parseCommandLine } from './args';
import { renderHelp } from './help';
import type { CliIo } from './io';
import { EXIT_FAILURE, EXIT_OK, parseJson, readInput, UsageError } from './io';

/** Formats that are not a chat platform's: plain text, and the neutral message model. */
const NEUTRAL_FORMATS = ['text', 'model'] as const;

/**
 * Every `--format`: each registered platform's id (src/platforms/index.ts, read when asked, so a new platform is a
 * format as soon as it is registered), then text and model.
 */
export function renderFormats(): string[] {
	return [...CHAT_PLATFORMS.map((platform) => platform.id), ...NEUTRAL_FORMATS];
}

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

/** What `render` prints for one message, and the platform's limits the rendering breaks (none for text and model). */
export interface RenderOutput {
	/** JSON for a platform and for model, plain text for text; ends with a newline. */
	output: string;
	limitProblems: string[];
}

/** The message in `format`: a registered platform's id, `text` or `model`. */
export function formatOutput(message: ChatMessage, format: string): RenderOutput {
	if (format === 'text') return { output: `${renderText(message)}\n`, limitProblems: [] };
	if (format === 'model') return { output: `${JSON.stringify(message, null, 2)}\n`, limitProblems: [] };
	const platform = CHAT_PLATFORMS.find((candidate) => candidate.id === format) as ChatPlatform;
	const rendering = platform.render(message, {});
	return { output: `${JSON.stringify(rendering, null, 2)}\n`, limitProblems: platform.limitProblems(rendering) };
}

/**
 * `stripe-chat-channel render [--format F] [--check] [--redaction P] [--locale L] [--timezone TZ] FILE|-`: the
 * message on standard output; where the rendering breaks its platform's limits, one warning a line on standard
 * error, and with `--check` exit 1.
 */
export async function renderCommand(argv: readonly string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseCommandLine(argv, {
		format: { type: 'string' },
		check: { type: 'boolean' },
		redaction: { type: 'string' },
		locale: { type: 'string' },
		timezone: { type: 'string' },
		'action-secret': { type: 'string' },
		help: { type: 'boolean', short: 'h' },
	});
	if (values.help) {
		io.stdout.write(renderHelp(CHAT_PLATFORMS));
		return EXIT_OK;
	}
	if (positionals.length === 0) throw new UsageError('render needs a FILE (or - for standard input)', true);
	if (positionals.length > 1) throw new UsageError(`render takes one FILE, got ${positionals.length}`, true);

	const format = oneOf('--format', (values.format as string | undefined) ?? 'slack', renderFormats());
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
	const { output, limitProblems } = formatOutput(message, format);
	io.stdout.write(output);
	for (const problem of limitProblems) io.stderr.write(`stripe-chat-channel: warning: ${problem}\n`);
	return values.check && limitProblems.length > 0 ? EXIT_FAILURE : EXIT_OK;
}
