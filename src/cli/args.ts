import { parseArgs } from 'node:util';

import { errorDetails, UsageError } from './io';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export interface ParsedCommandLine {
	values: Record<string, string | boolean | undefined>;
	positionals: string[];
}

function optionNameIn(message: string): string {
	const quoted = /'(?:-\w, )?(--?[\w-]+)/.exec(message);
	return quoted ? quoted[1] : 'an option';
}

/**
 * node:util `parseArgs` in strict mode, with its errors rewritten as one short line for people
 * (the originals explain `--` escaping at length). Accepts `--flag value` and `--flag=value`.
 */
export function parseCommandLine(argv: readonly string[], options: OptionSpec): ParsedCommandLine {
	try {
		const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
		return { values: values as ParsedCommandLine['values'], positionals };
	} catch (error: unknown) {
		const { code, message } = errorDetails(error);
		if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
			throw new UsageError(`unknown option ${optionNameIn(message)}`, true);
		}
		if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
			const option = optionNameIn(message);
			throw new UsageError(
				/does not take/.test(message) ? `option ${option} does not take a value` : `option ${option} needs a value`,
				true,
			);
		}
		throw new UsageError(message.split('\n')[0], true);
	}
}

/** Checks a value against the allowed ones, e.g. `--format` against slack, text, model. */
export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
	if ((allowed as readonly string[]).includes(value)) return value as T;
	throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`, true);
}
