import { WebClient } from '@slack/web-api';

import {
	applyMention,
	describeSlackError,
	formatMention,
	isAllowedResponseUrl,
	parseBlocks,
	respondViaResponseUrl,
	SlackOperationError,
} from '../../src/platforms/slack';
import { FakeSlack } from '../support/fakeSlack';

describe('mentions', () => {
	it.each([
		['<@U0ANA>', '<@U0ANA>'],
		['U0ANA', '<@U0ANA>'],
		['W0ANA', '<@W0ANA>'],
		['S0FINANCE', '<!subteam^S0FINANCE>'],
		['<!subteam^S0FINANCE>', '<!subteam^S0FINANCE>'],
		['<!subteam^S0FINANCE|@finance>', '<!subteam^S0FINANCE|@finance>'],
		['here', '<!here>'],
		['@here', '<!here>'],
		['<!channel>', '<!channel>'],
		['U0ANA, S0OPS', '<@U0ANA> <!subteam^S0OPS>'],
	])('formats %p as %p', (input, expected) => {
		expect(formatMention(input)).toBe(expected);
	});

	it.each(['<https://evil.example|click>', 'Bob', '<@U0ANA> *bold*', '<!subteam^S1|<@U2>>'])('refuses %p', (input) => {
		expect(() => formatMention(input)).toThrow(SlackOperationError);
	});

	it('prefixes the text and the first section, converting plain text to escaped mrkdwn', () => {
		const result = applyMention(
			{
				text: 'Dispute <opened>',
				blocks: [
					{ type: 'header', text: { type: 'plain_text', text: 'Dispute' } },
					{ type: 'section', text: { type: 'plain_text', text: 'A & B <x>' } },
					{ type: 'section', text: { type: 'mrkdwn', text: 'second' } },
				],
			},
			'<!here>',
		);

		expect(result.text).toBe('<!here> Dispute <opened>');
		expect(result.blocks?.[1]).toEqual({
			type: 'section',
			text: { type: 'mrkdwn', text: '<!here> A &amp; B &lt;x&gt;' },
		});
		expect(result.blocks?.[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'second' } });
	});

	it('adds a section after the header when the message has none', () => {
		const result = applyMention(
			{ text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'H' } }, { type: 'divider' }] },
			'U0ANA',
		);

		expect(result.blocks?.map((block) => block.type)).toEqual(['header', 'section', 'divider']);
		expect(result.blocks?.[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '<@U0ANA>' } });
	});

	it('leaves the message alone without a mention', () => {
		const content = { text: 't', blocks: [{ type: 'divider' }] };

		expect(applyMention(content, undefined)).toBe(content);
	});
});

describe('parseBlocks', () => {
	it.each([
		['', undefined],
		['[]', undefined],
		['[{"type":"divider"}]', [{ type: 'divider' }]],
		['{"blocks":[{"type":"divider"}]}', [{ type: 'divider' }]],
		[[{ type: 'divider' }], [{ type: 'divider' }]],
	])('reads %p', (input, expected) => {
		expect(parseBlocks(input)).toEqual(expected);
	});

	it.each(['[{"type":', '{"type":"divider"}', '[{"text":"no type"}]', '42'])('refuses %p', (input) => {
		expect(() => parseBlocks(input)).toThrow(expect.objectContaining({ code: 'invalid_blocks_format' }));
	});
});

describe('response URLs', () => {
	let fake: FakeSlack;

	beforeEach(async () => {
		fake = await FakeSlack.start();
	});

	afterEach(async () => {
		await fake.close();
	});

	it.each([
		['https://hooks.slack.com/actions/T1/123/abc', undefined, true],
		['https://hooks.slack-gov.com/commands/T1/123/abc', undefined, true],
		['http://hooks.slack.com/actions/T1/123/abc', undefined, false],
		['https://hooks.slack.com:8443/actions/x', undefined, false],
		['https://user:pw@hooks.slack.com/actions/x', undefined, false],
		['https://hooks.slack.com.evil.example/actions/x', undefined, false],
		['http://169.254.169.254/latest/meta-data', undefined, false],
		['http://127.0.0.1:5678/rest/owner', undefined, false],
		['http://127.0.0.1:5678/response/R1', 'http://127.0.0.1:5678/api/', true],
		['http://127.0.0.1:5679/response/R1', 'http://127.0.0.1:5678/api/', false],
		['not a url', undefined, false],
	])('%s (API base %s) allowed: %s', (url, apiUrl, allowed) => {
		expect(isAllowedResponseUrl(url, apiUrl)).toBe(allowed);
	});

	it('posts JSON and retries 500 and 429 as told', async () => {
		fake.failNext(1, { status: 500, method: 'response_url' });
		fake.rateLimitNext(1, { retryAfter: 0, method: 'response_url' });
		const responseUrl = fake.createResponseUrl();

		await respondViaResponseUrl({
			responseUrl,
			content: { text: 'Done', blocks: [{ type: 'divider' }] },
			responseType: 'ephemeral',
			apiUrl: fake.apiUrl,
			minDelayMs: 1,
		});

		expect(fake.requestsFor('response_url').map((request) => request.status)).toEqual([429, 500, 200]);
		expect(fake.requestsFor('response_url')[2].headers['content-type']).toContain('application/json');
		expect(fake.responseUrlPosts).toEqual([
			{
				id: expect.any(String),
				body: { text: 'Done', blocks: [{ type: 'divider' }], replace_original: false, response_type: 'ephemeral' },
			},
		]);
	});

	it('explains a response URL used more than five times', async () => {
		const responseUrl = fake.createResponseUrl();
		const respond = () =>
			respondViaResponseUrl({ responseUrl, content: { text: 'x' }, responseType: 'inChannel', apiUrl: fake.apiUrl });
		for (let i = 0; i < 5; i++) await respond();

		const error: unknown = await respond().catch((failure: unknown) => failure);

		expect(describeSlackError(error)).toMatchObject({ code: 'used_url', hint: expect.stringContaining('five') });
	});

	it('fails after the last retry', async () => {
		fake.failNext(5, { status: 503, method: 'response_url' });

		const error: unknown = await respondViaResponseUrl({
			responseUrl: fake.createResponseUrl(),
			content: { text: 'x' },
			responseType: 'replaceOriginal',
			apiUrl: fake.apiUrl,
			maxRetries: 2,
			minDelayMs: 1,
		}).catch((failure: unknown) => failure);

		expect(describeSlackError(error)).toMatchObject({
			code: 'http_503',
			hint: expect.stringContaining('slack-status'),
		});
		expect(fake.requestsFor('response_url')).toHaveLength(3);
	});
});

describe('fake Slack extras other nodes use', () => {
	it('opens a view for a trigger_id and records it', async () => {
		const fake = await FakeSlack.start();
		try {
			const client = new WebClient('xoxb-test-token', { slackApiUrl: fake.apiUrl });

			const result = await client.views.open({
				trigger_id: '123.456',
				view: { type: 'modal', title: { type: 'plain_text', text: 'Refund' }, blocks: [] },
			});

			expect(result.ok).toBe(true);
			expect(fake.openedViews[0]).toMatchObject({ trigger_id: '123.456', view: { type: 'modal' } });
		} finally {
			await fake.close();
		}
	});
});
