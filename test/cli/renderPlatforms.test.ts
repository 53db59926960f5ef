// Registers the stand-in platforms before the CLI reads the registry: keep this import first.
import { LINK_CHAT, TEST_CHAT } from '../support/standInPlatforms';

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/main';
import { buildMessage } from '../../src/core/buildMessage';
import { CHAT_PLATFORMS } from '../../src/platforms';

/**
 * `stripe-chat-channel render --format <platform id>`: every registered platform is a format (here with two
 * stand-ins registered only in this test), rendered offline through the platform's own `render`, and its limit
 * problems are warnings on standard error (`--check`: exit 1).
 */

const EVENT_FILE = path.join(__dirname, '..', 'fixtures', 'events', 'invoice.payment_failed__2025-03-31.basil.json');

async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	let stdout = '';
	let stderr = '';
	const io: CliIo = {
		stdout: { write: (text: string) => (stdout += text) },
		stderr: { write: (text: string) => (stderr += text) },
		stdin: Readable.from([]),
		env: {},
	};
	const code = await run(argv, io);
	return { code, stdout, stderr };
}

let workDir: string;
beforeAll(() => {
	workDir = mkdtempSync(path.join(tmpdir(), 'scc-cli-platforms-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

describe('render --format <chat platform>', () => {
	it.each(CHAT_PLATFORMS.map((platform) => [platform.id, platform] as const))(
		'%s: prints the platform’s own rendering as JSON, offline',
		async (id, platform) => {
			const result = await runCli(['render', '--format', id, EVENT_FILE]);
			expect(result).toMatchObject({ code: 0, stderr: '' });
			const expected = platform.render(buildMessage(JSON.parse(readFileSync(EVENT_FILE, 'utf8'))), {});
			expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
		},
	);

	it('lists every registered platform, text and model when the format is unknown', async () => {
		const result = await runCli(['render', '--format', 'discordd', EVENT_FILE]);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(
			`--format must be one of ${[...CHAT_PLATFORMS.map((platform) => platform.id), 'text', 'model'].join(', ')} (got "discordd")`,
		);
		expect(result.stderr).toMatch(/one of slack, .*testchat, linkchat, text, model/);
	});

	it('names every platform in its help', async () => {
		const { stdout } = await runCli(['render', '--help']);
		expect(stdout).toContain(
			`--format ${[...CHAT_PLATFORMS.map((platform) => platform.id), 'text', 'model'].join('|')}`,
		);
		expect(stdout).toMatch(/--format slack\|.*testchat\|linkchat\|text\|model/);
		expect(stdout).toMatch(/testchat +Test Chat/);
		expect(stdout).toMatch(/linkchat +Link Chat/);
	});

	it('warns on standard error where the rendering breaks the platform’s limits, and fails with --check', async () => {
		jest
			.spyOn(TEST_CHAT, 'limitProblems')
			.mockReturnValue(['The text has 2,345 characters; Test Chat takes at most 2,000', 'Too many buttons in a row']);
		const warned = await runCli(['render', '--format', 'testchat', EVENT_FILE]);
		expect(warned.code).toBe(0);
		expect(JSON.parse(warned.stdout)).toHaveProperty('text');
		expect(warned.stderr).toBe(
			'stripe-chat-channel: warning: The text has 2,345 characters; Test Chat takes at most 2,000\n' +
				'stripe-chat-channel: warning: Too many buttons in a row\n',
		);
		const checked = await runCli(['render', '--format', 'testchat', '--check', EVENT_FILE]);
		expect(checked.code).toBe(1);
		expect(checked.stderr).toContain('Too many buttons in a row');
	});

	it.each(['slack', LINK_CHAT.id, 'text', 'model'])(
		'--check passes a rendering within the limits: %s',
		async (format) => {
			const result = await runCli(['render', '--format', format, '--check', EVENT_FILE]);
			expect(result).toMatchObject({ code: 0, stderr: '' });
		},
	);
});
