import { readFile } from 'node:fs/promises';

/** Where the CLI reads and writes; injected so tests can run commands in process. */
export interface CliIo {
	stdout: { write(text: string): unknown };
	stderr: { write(text: string): unknown };
	stdin: NodeJS.ReadableStream;
	env: Readonly<Record<string, string | undefined>>;
}

export const EXIT_OK = 0;
/** The command ran but did not succeed (a webhook answered non-2xx, or could not be reached). */
export const EXIT_FAILURE = 1;
/** The command was called wrongly, or its input is not what it needs. */
export const EXIT_USAGE = 2;

/** A mistake in how the command was called or in its input: one line for the user, exit code 2, no stack trace. */
export class UsageError extends Error {
	constructor(
		message: string,
		/** Usage mistakes (flags, values) point at `--help`; bad input files do not need to. */
		readonly pointToHelp = false,
	) {
		super(message);
		this.name = 'UsageError';
	}
}

/** An error's code and message, also for errors from another realm (where `instanceof Error` is false). */
export function errorDetails(error: unknown): { code?: string; message: string } {
	if (typeof error === 'object' && error !== null) {
		const { code, message } = error as { code?: unknown; message?: unknown };
		return {
			code: typeof code === 'string' ? code : undefined,
			message: typeof message === 'string' ? message : String(error),
		};
	}
	return { message: String(error) };
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
	ENOENT: 'no such file',
	EISDIR: 'it is a directory',
	EACCES: 'permission denied',
};

function errorMessage(error: unknown): string {
	const { code, message } = errorDetails(error);
	return (code && FILE_ERRORS[code]) || message;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
	return Buffer.concat(chunks);
}

/** Reads a file, or standard input for `-`, as raw bytes. */
export async function readInput(source: string, io: CliIo): Promise<Buffer> {
	try {
		return source === '-' ? await readStream(io.stdin) : await readFile(source);
	} catch (error: unknown) {
		throw new UsageError(`cannot read ${source === '-' ? 'standard input' : source}: ${errorMessage(error)}`);
	}
}

/** Parses bytes as JSON, with a message that says which input was not JSON. */
export function parseJson(bytes: Buffer, source: string): unknown {
	const name = source === '-' ? 'standard input' : source;
	const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
	if (text.trim() === '') throw new UsageError(`${name} is empty: expected a Stripe event as JSON`);
	try {
		return JSON.parse(text) as unknown;
	} catch (error: unknown) {
		throw new UsageError(`${name} is not valid JSON: ${errorMessage(error)}`);
	}
}
