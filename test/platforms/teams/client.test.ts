/**
 * The Teams client against a local Teams webhook (test/support/fakeTeams.ts), through the code path the Stripe Chat
 * Teams node uses: rendering → postTeamsMessage → fetch.
 */
import { buildMessage } from '../../../src/core/buildMessage';
import { postTeamsMessage } from '../../../src/platforms/teams/client';
import { renderTeams } from '../../../src/platforms/teams/render';
import { WebhookPostError } from '../../../src/platforms/webhookClient';
import { chatMessage, envelope, fixedNow } from '../../fixtures/core/builders';
import { FakeTeams, TEAMS_WEBHOOK_KEY } from '../../support/fakeTeams';

const FAST = { minDelayMs: 1 };

describe('posting to a Teams webhook', () => {
	let teams: FakeTeams;
	beforeEach(async () => {
		teams = await new FakeTeams().start();
	});
	afterEach(async () => {
		await teams.stop();
	});

	it('posts the card without our text field and reads the 202 of a Workflows webhook', async () => {
		const answer = await postTeamsMessage(teams.webhookUrl, renderTeams(chatMessage()), FAST);
		expect(answer).toMatchObject({ status: 202, tries: 1, rateLimited: 0 });
		expect(teams.requests).toHaveLength(1);
		expect(teams.requests[0].body).not.toHaveProperty('text');
		expect(teams.requests[0].body).toMatchObject({ type: 'message' });
		expect(teams.requests[0].headers['content-type']).toMatch(/^application\/json/);
	});

	it('reads a legacy connector: 200 "1" is posted, 200 with "HTTP error 429" is a rate limit', async () => {
		const legacy = await new FakeTeams({ legacy: true }).start();
		try {
			await expect(postTeamsMessage(legacy.webhookUrl, renderTeams(chatMessage()), FAST)).resolves.toMatchObject({
				status: 200,
			});
		} finally {
			await legacy.stop();
		}
		const reading = (await import('../../../src/platforms/teams/client')).teamsWebhook.readAnswer(
			200,
			'Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0',
		);
		expect(reading.status).toBe(429);
	});

	it('loses nothing in a 429 storm: every alert is posted once, after the waits Teams asks for', async () => {
		teams.rateLimitNext(25, '0');
		const alerts = Array.from({ length: 12 }, (_, index) => chatMessage({ eventId: `evt_storm_${index}` }));
		const answers = [];
		for (const alert of alerts) answers.push(await postTeamsMessage(teams.webhookUrl, renderTeams(alert), FAST));
		expect(teams.requests.filter((request) => request.fault === 'ratelimited')).toHaveLength(25);
		const posted = teams.cards.map((card) => JSON.stringify(card).match(/evt\\\\_storm\\\\_\d+/)?.[0]);
		expect(posted).toEqual(alerts.map((alert) => alert.eventId.replace(/_/g, '\\\\_')));
		expect(answers.reduce((sum, answer) => sum + answer.rateLimited, 0)).toBe(25);
	});

	it('waits as long as Retry-After says', async () => {
		teams.rateLimitNext(1, '1');
		const waits: number[] = [];
		await postTeamsMessage(teams.webhookUrl, renderTeams(chatMessage()), {
			sleep: async (ms) => {
				waits.push(ms);
			},
		});
		expect(waits).toEqual([1000]);
	});

	it('gives up after the rate-limit budget with a readable error', async () => {
		teams.rateLimitNext(10, '60');
		const error = await postTeamsMessage(teams.webhookUrl, renderTeams(chatMessage()), {
			rateLimitBudgetMs: 120_000,
			sleep: async () => undefined,
		}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(WebhookPostError);
		expect((error as WebhookPostError).status).toBe(429);
		expect(teams.requests).toHaveLength(3);
	});

	it('tries a 5xx again with back-off and fails after the last try, naming no part of the URL', async () => {
		teams.failNext(1, 502);
		await expect(postTeamsMessage(teams.webhookUrl, renderTeams(chatMessage()), FAST)).resolves.toMatchObject({
			tries: 2,
		});
		teams.failNext(10, 500);
		const error = (await postTeamsMessage(teams.webhookUrl, renderTeams(chatMessage()), {
			...FAST,
			maxRetries: 2,
		}).catch((caught: unknown) => caught)) as WebhookPostError;
		expect(error.message).toBe('Microsoft Teams answered 500: Internal error');
		expect(teams.requests).toHaveLength(2 + 3);
	});

	it.each([
		['a deleted workflow (404)', (url: string) => url.replace('/invoke', '/gone'), /answered 404/],
		['a wrong key', (url: string) => url.replace(TEAMS_WEBHOOK_KEY, 'sig=wrong0key0value0here'), /answered 404/],
		['an unreachable host', () => 'http://127.0.0.1:1/hook?sig=Teams0Secret0Signature0Value', /could not be reached/],
		['no URL', () => '', /has no Webhook URL/],
		['not a URL', () => 'teams sig=Teams0Secret0Signature0Value', /is not a URL/],
	])('fails on %s with a hint and without the webhook URL or its key', async (_case, urlOf, message) => {
		const url = urlOf(teams.webhookUrl);
		const error = (await postTeamsMessage(url, renderTeams(chatMessage()), { ...FAST, maxRetries: 0 }).catch(
			(caught: unknown) => caught,
		)) as WebhookPostError;
		expect(error).toBeInstanceOf(WebhookPostError);
		expect(error.message).toMatch(message);
		expect(error.hint.length).toBeGreaterThan(20);
		for (const text of [error.message, error.hint, String(error.stack)]) {
			expect(text).not.toContain('Teams0Secret0Signature0Value');
			if (url) expect(text).not.toContain(url);
		}
	});

	it('posts three updates about one dispute as three messages: a webhook cannot reply in a thread', async () => {
		const dispute = { id: 'du_1Thread', object: 'dispute', amount: 5000, currency: 'eur', charge: 'ch_1Thread' };
		const statuses = ['needs_response', 'under_review', 'won'];
		const types = ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed'];
		for (const [index, type] of types.entries()) {
			const event = envelope(type, { ...dispute, status: statuses[index] }, { id: `evt_thread_${index}` });
			await postTeamsMessage(teams.webhookUrl, renderTeams(buildMessage(event, { now: fixedNow })), FAST);
		}
		expect(teams.cards).toHaveLength(3);
		for (const card of teams.cards) {
			// Each card names the dispute: its Dashboard link.
			expect(JSON.stringify(card)).toContain('https://dashboard.stripe.com/test/disputes/du_1Thread');
		}
	});
});
