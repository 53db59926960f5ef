#!/usr/bin/env node
import { Redactor } from '../core/redact';
import { MAIN_HELP } from './help';
import type { CliIo } from './io';
import { errorDetails, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './io';
import { packageVersion } from './packageInfo';
import { renderCommand } from './render';
import { sendEventCommand } from './sendEvent';

export type { CliIo } from './io';

const COMMANDS: Readonly<Record<string, (argv: readonly string[], io: CliIo) => Promise<number>>> = {
	render: renderCommand,
	'send-event': sendEventCommand,
};

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
	const [first, ...rest] = argv;
	if (first === undefined) {
		io.stderr.write(MAIN_HELP);
		return EXIT_USAGE;
	}
	if (first === '--help' || first === '-h' || first === 'help') {
		io.stdout.write(MAIN_HELP);
		return EXIT_OK;
	}
	if (first === '--version' || first === '-v') {
		io.stdout.write(`${packageVersion()}\n`);
		return EXIT_OK;
	}
	const command = Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
	if (!command) {
		throw new UsageError(
			first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}" (commands: render, send-event)`,
			true,
		);
	}
	return await command(rest, io);
}

/**
 * An error message as one line of a terminal: file names and input values in it may carry escape sequences or
 * customer data, so it gets the standard scrub, which also drops control characters.
 */
function errorLine(message: string): string {
	return new Redactor().text(message.replace(/[\r\n]+/g, ' '), 'error') ?? '';
}

/**
 * Runs the CLI with injected streams and returns the exit code: 0 done, 1 the command failed (a webhook answered
 * non-2xx), 2 wrong usage or input. Errors are one line on stderr, never a stack trace.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
	try {
		return await dispatch(argv, io);
	} catch (error: unknown) {
		if (error instanceof UsageError) {
			io.stderr.write(`stripe-chat-channel: ${errorLine(error.message)}${error.pointToHelp ? ' (see --help)' : ''}\n`);
			return EXIT_USAGE;
		}
		const { message } = errorDetails(error);
		io.stderr.write(`stripe-chat-channel: unexpected error: ${errorLine(message.split('\n')[0])}\n`);
		return EXIT_FAILURE;
	}
}

if (require.main === module) {
	void run(process.argv.slice(2), {
		stdout: process.stdout,
		stderr: process.stderr,
		stdin: process.stdin,
		env: process.env,
	}).then((code) => {
		process.exitCode = code;
	});
}
