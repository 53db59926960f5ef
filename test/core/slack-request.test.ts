import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { InvalidSlackPayloadError, parseSlackRequest } from '../../src/platforms/slack/interaction';
import { verifySlackRequest } from '../../src/core/signatures/slack';
import { SignatureVerificationError } from '../../src/core/signatures/verification';

const SECRET = 'test-signing-secret-0123456789abcdef';
const NOW = 1_800_000_000_000;

function sign(body: string, timestamp: number, secret = SECRET): string {
	return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

describe('verifySlackRequest', () => {
	const body = 'command=%2Fpay&text=50.00+Deluxe+room&user_id=U1';
	const timestamp = NOW / 1000;
	const valid = { rawBody: body, timestamp: String(timestamp), signature: sign(body, timestamp), signingSecret: SECRET, now: () => NOW };

	it('accepts a request signed with the signing secret', () => {
		expect(() => verifySlackRequest(valid)).not.toThrow();
		expect(verifySlackRequest({ ...valid, rawBody: Buffer.from(body) }).payload.toString()).toBe(body);
	});

	it.each([
		['no secret', { signingSecret: '' }, 'no_secret'],
		['no signature header', { signature: undefined }, 'missing_header'],
		['no timestamp header', { timestamp: undefined }, 'missing_header'],
		['a signature without v0=', { signature: sign(body, timestamp).slice(3) }, 'malformed_header'],
		['a timestamp that is not a number', { timestamp: 'yesterday' }, 'malformed_header'],
		['a replay six minutes later', { now: () => NOW + 360_000 }, 'timestamp_too_old'],
		['a timestamp six minutes in the future', { now: () => NOW - 360_000 }, 'timestamp_in_future'],
		['a tampered body', { rawBody: body.replace('50.00', '5000') }, 'no_match'],
		['another secret', { signingSecret: 'another-secret' }, 'no_match'],
		['a signature of another timestamp', { signature: sign(body, timestamp - 1) }, 'no_match'],
	])('refuses %s', (_name, change, reason) => {
		const attempt = () => verifySlackRequest({ ...valid, ...change });
		expect(attempt).toThrow(SignatureVerificationError);
		try {
			attempt();
		} catch (error: unknown) {
			expect((error as SignatureVerificationError).reason).toBe(reason);
			expect((error as Error).message).not.toContain(SECRET);
		}
	});

	const vectorDir = path.resolve(__dirname, '../../../shared/fixtures/slack/signature');
	(existsSync(vectorDir) ? it : it.skip)('matches the known-answer vector from Slack documentation (shared corpus)', () => {
		const headers = readFileSync(path.join(vectorDir, 'headers.txt'), 'utf8');
		const header = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(headers)?.[1].trim();
		const vectorTimestamp = header('X-Slack-Request-Timestamp');
		expect(() =>
			verifySlackRequest({
				rawBody: readFileSync(path.join(vectorDir, 'body.form-urlencoded.txt')),
				timestamp: vectorTimestamp,
				signature: header('X-Slack-Signature'),
				signingSecret: readFileSync(path.join(vectorDir, 'signing_secret.txt'), 'utf8').trim(),
				now: () => Number(vectorTimestamp) * 1000,
			}),
		).not.toThrow();
	});
});

describe('parseSlackRequest', () => {
	const form = 'application/x-www-form-urlencoded';
	const payload = (value: object) => `payload=${encodeURIComponent(JSON.stringify(value))}`;

	it('parses a button click into one item shape', () => {
		const parsed = parseSlackRequest(
			payload({
				type: 'block_actions',
				user: { id: 'U1', username: 'alice' },
				team: { id: 'T1' },
				channel: { id: 'C1' },
				message: { ts: '1700000000.000100', thread_ts: '1700000000.000001' },
				response_url: 'https://hooks.slack.com/actions/T1/1/abc',
				trigger_id: '123.456.abc',
				actions: [{ action_id: 'scc:invoice.retry:0', block_id: 'b1', value: 'v1.x.y' }],
			}),
			form,
		);
		expect(parsed).toEqual({
			kind: 'block_actions',
			actionId: 'scc:invoice.retry:0',
			blockId: 'b1',
			value: 'v1.x.y',
			user: { id: 'U1', name: 'alice' },
			teamId: 'T1',
			teamIds: ['T1'],
			enterpriseIds: [],
			channelId: 'C1',
			messageTs: '1700000000.000100',
			threadTs: '1700000000.000001',
			responseUrl: 'https://hooks.slack.com/actions/T1/1/abc',
			triggerId: '123.456.abc',
		});
	});

	it.each([
		[
			'a guest from another organisation in a Slack Connect channel',
			payload({ type: 'block_actions', user: { id: 'U2', team_id: 'T2' }, team: { id: 'T1' }, actions: [{ action_id: 'a' }] }),
			{ teamIds: ['T1', 'T2'], enterpriseIds: [] },
		],
		[
			'an Enterprise Grid click (team.enterprise_id and enterprise.id)',
			payload({
				type: 'block_actions',
				user: { id: 'W1', team_id: 'T1' },
				team: { id: 'T1', enterprise_id: 'E1' },
				enterprise: { id: 'E1' },
				actions: [{ action_id: 'a' }],
			}),
			{ teamIds: ['T1'], enterpriseIds: ['E1'] },
		],
		[
			'an org-wide install without a team',
			payload({ type: 'block_actions', user: { id: 'W1', team_id: 'T3' }, team: null, enterprise: { id: 'E1' }, actions: [{ action_id: 'a' }] }),
			{ teamIds: ['T3'], enterpriseIds: ['E1'] },
		],
		[
			"a form with the view's own team",
			payload({ type: 'view_submission', user: { id: 'U1', team_id: 'T1' }, team: { id: 'T1' }, view: { id: 'V1', team_id: 'T9' } }),
			{ teamIds: ['T1', 'T9'], enterpriseIds: [] },
		],
		['a slash command', 'command=%2Fpay&user_id=U1&team_id=T1&enterprise_id=E1', { teamIds: ['T1'], enterpriseIds: ['E1'] }],
		['a slash command that names no workspace', 'command=%2Fpay&user_id=U1&team_id=', { teamIds: [], enterpriseIds: [] }],
	])('lists every workspace and organisation named by %s', (_name, body, expected) => {
		expect(parseSlackRequest(body, form)).toMatchObject(expected);
	});

	it('parses a slash command', () => {
		const body = new URLSearchParams({
			command: '/pay',
			text: '50.00 Deluxe room',
			user_id: 'U1',
			user_name: 'alice',
			team_id: 'T1',
			channel_id: 'C1',
			response_url: 'https://hooks.slack.com/commands/T1/1/abc',
			trigger_id: '1.2.3',
		}).toString();
		expect(parseSlackRequest(body, `${form}; charset=utf-8`)).toMatchObject({
			kind: 'slash_command',
			command: '/pay',
			text: '50.00 Deluxe room',
			user: { id: 'U1', name: 'alice' },
			channelId: 'C1',
			triggerId: '1.2.3',
		});
	});

	it('flattens modal values', () => {
		const parsed = parseSlackRequest(
			payload({
				type: 'view_submission',
				user: { id: 'U1' },
				view: {
					id: 'V1',
					callback_id: 'dispute_evidence',
					private_metadata: 'v1.a.b',
					state: {
						values: {
							b1: { product_description: { type: 'plain_text_input', value: 'A hotel room' } },
							b2: { submit: { type: 'static_select', selected_option: { value: 'yes' } } },
						},
					},
				},
			}),
			form,
		);
		expect(parsed).toMatchObject({
			kind: 'view_submission',
			callbackId: 'dispute_evidence',
			privateMetadata: 'v1.a.b',
			values: { product_description: 'A hotel room', submit: 'yes' },
		});
	});

	it.each([
		['ssl_check=1&token=x', form, { kind: 'ssl_check' }],
		['{"type":"url_verification","challenge":"abc"}', 'application/json', { kind: 'url_verification', challenge: 'abc' }],
	])('answers the handshake %s', (body, type, expected) => {
		expect(parseSlackRequest(body, type)).toEqual(expected);
	});

	it.each([
		['an empty body', '', form],
		['a payload that is not JSON', 'payload=%7Bnot-json', form],
		['a form without payload or command', 'a=1', form],
		['plain text', 'hello', 'text/plain'],
		['a JSON array', '[1]', 'application/json'],
		['a click without actions', payload({ type: 'block_actions', actions: [] }), form],
	])('refuses %s with a readable reason', (_name, body, type) => {
		expect(() => parseSlackRequest(body, type)).toThrow(InvalidSlackPayloadError);
	});

	const corpus = path.resolve(__dirname, '../../../shared/fixtures/slack/interactions');
	const files = existsSync(corpus) ? readdirSync(corpus).sort() : [];
	if (files.length === 0) {
		it('skips the shared Slack interaction corpus: ../shared/fixtures is absent', () => {
			process.stdout.write('shared Slack interaction corpus not found; conformance cases skipped\n');
		});
		return;
	}
	it.each(files)('parses the shared corpus payload %s', (file) => {
		const raw = readFileSync(path.join(corpus, file), 'utf8');
		const contentType = file.endsWith('.json') ? 'application/json' : form;
		const parsed = parseSlackRequest(raw, contentType);
		const expectedKind = file.startsWith('block_actions')
			? 'block_actions'
			: file.startsWith('view_submission')
				? 'view_submission'
				: file.startsWith('slash_command')
					? 'slash_command'
					: file.startsWith('ssl_check')
						? 'ssl_check'
						: file.startsWith('events_url_verification')
							? 'url_verification'
							: 'other';
		expect(parsed.kind).toBe(expectedKind);
		if (parsed.kind === 'block_actions') expect(parsed.actionId).toBeTruthy();
		if (parsed.kind === 'slash_command') expect(parsed.command.startsWith('/')).toBe(true);
	});
});
