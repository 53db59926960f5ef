import type { IDataObject, ILoadOptionsFunctions, INode, INodeParameters, IRun } from 'n8n-workflow';

import { StripeChatSlackApi } from '../../credentials/StripeChatSlackApi.credentials';
import { StripeChatSlack } from '../../nodes/StripeChatSlack/StripeChatSlack.node';
import { searchChannels } from '../../nodes/StripeChatSlack/listSearch';
import { FakeSlack } from '../support/fakeSlack';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { deliverWebhook } from '../support/n8nEngine';

const TOKEN = 'xoxb-node-test-token';

interface SlackRun {
	run: IRun;
	/** The Slack node's output items (json + pairedItem). */
	output: Array<{ json: IDataObject; pairedItem?: unknown }>;
	/** The error that stopped the Slack node, if any. */
	error?: Error & { description?: string | null; context?: IDataObject };
}

const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

function alertItem(overrides: {
	threadKey?: string;
	eventId?: string;
	occurredAt?: string;
	text?: string;
	route?: IDataObject;
	omitSlack?: boolean;
}): IDataObject {
	const text = overrides.text ?? 'Dispute opened: $50.00';
	return {
		message: {
			kind: 'charge.dispute.created',
			category: 'dispute',
			severity: 'critical',
			title: text,
			threadKey: overrides.threadKey ?? 'dispute:du_1',
			eventId: overrides.eventId ?? 'evt_1',
			occurredAt: overrides.occurredAt ?? '2026-03-01T10:00:00.000Z',
			livemode: false,
		},
		...(overrides.omitSlack
			? {}
			: {
					slack: {
						text,
						blocks: [
							{ type: 'header', text: { type: 'plain_text', text: 'Dispute' } },
							{ type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
						],
					},
				}),
		route: {
			channel: 'C0DISPUTES',
			severity: 'critical',
			suppressed: false,
			reason: 'rule "disputes" matched',
			rule: 'disputes',
			...overrides.route,
		},
	};
}

describe('Stripe Chat Slack node (real n8n engine, fake Slack)', () => {
	let fake: FakeSlack;

	beforeEach(async () => {
		fake = await FakeSlack.start({
			tokens: [TOKEN],
			channels: [
				{ id: 'C0PAYMENTS', name: 'payments' },
				{ id: 'C0DISPUTES', name: 'disputes' },
				{ id: 'C0FINANCE', name: 'finance', isMember: false },
			],
		});
	});

	afterEach(async () => {
		await fake.close();
	});

	async function runSlack(
		parameters: INodeParameters,
		items: IDataObject[],
		options: { continueOnFail?: boolean; token?: string } = {},
	): Promise<SlackRun> {
		const slackNode: INode = {
			id: 'slack',
			name: 'Slack',
			type: 'stripeChatSlack',
			typeVersion: 1,
			position: [200, 0],
			parameters,
			credentials: { stripeChatSlackApi: { id: 'cred-1', name: 'Slack' } },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		};
		const result = await deliverWebhook(
			{
				nodes: [itemsTriggerNode(), slackNode],
				connections: { Items: { main: [[{ node: 'Slack', type: 'main', index: 0 }]] } },
				nodeTypes: { itemsTrigger, stripeChatSlack: new StripeChatSlack() },
				credentials: { stripeChatSlackApi: { botToken: options.token ?? TOKEN, apiBaseUrl: fake.apiUrl } },
			},
			'Items',
			{ headers: {}, rawBody: Buffer.from(JSON.stringify(items)) },
		);
		const run = result.run as IRun;
		const task = run.data.resultData.runData.Slack?.[0];
		return {
			run,
			output: (task?.data?.main?.[0] ?? []) as SlackRun['output'],
			error: task?.error as SlackRun['error'],
		};
	}

	describe('Post in Object Thread', () => {
		const threadParameters = (extra: INodeParameters = {}): INodeParameters => ({
			operation: 'postInThread',
			channelSource: 'route',
			channel: byName('#payments'),
			messageSource: 'paymentAlert',
			...extra,
		});

		it('starts a thread, then threads the next event on the same dispute and updates the parent', async () => {
			const first = await runSlack(threadParameters(), [alertItem({ text: 'Dispute opened' })]);
			const second = await runSlack(threadParameters(), [
				alertItem({ text: 'Dispute under review', eventId: 'evt_2', occurredAt: '2026-03-02T10:00:00.000Z' }),
			]);

			const parentTs = first.output[0].json.ts;
			expect(first.output[0].json).toMatchObject({
				ok: true,
				posted: true,
				channel: 'C0DISPUTES',
				startedThread: true,
			});
			expect(second.output[0].json).toMatchObject({
				ok: true,
				posted: true,
				channel: 'C0DISPUTES',
				threadTs: parentTs,
				parentUpdated: true,
				threadKey: 'dispute:du_1',
				eventId: 'evt_2',
			});
			const [parent, reply] = fake.messages('C0DISPUTES');
			expect(parent).toMatchObject({ ts: parentTs, text: 'Dispute under review', edited: expect.any(Object) });
			expect(reply).toMatchObject({ thread_ts: parentTs, text: 'Dispute under review' });
			expect(reply.blocks).toEqual([
				{ type: 'header', text: { type: 'plain_text', text: 'Dispute' } },
				{ type: 'section', text: { type: 'mrkdwn', text: '*Dispute under review*' } },
			]);
		});

		it('threads several items of one execution without searching the channel', async () => {
			const { output } = await runSlack(threadParameters(), [
				alertItem({ eventId: 'evt_1', occurredAt: '2026-03-01T10:00:00.000Z' }),
				alertItem({ eventId: 'evt_2', occurredAt: '2026-03-01T11:00:00.000Z' }),
				alertItem({ threadKey: 'invoice:in_9', eventId: 'evt_3', route: { channel: 'C0PAYMENTS' } }),
			]);

			expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(output[1].json.threadTs).toBe(output[0].json.ts);
			expect(output[2].json).toMatchObject({ channel: 'C0PAYMENTS', startedThread: true });
			expect(fake.requestsFor('conversations.history')).toHaveLength(0);
		});

		it('puts the route mention in front of the text and the first section', async () => {
			await runSlack(threadParameters(), [alertItem({ route: { mention: 'S0FINANCE' } })]);

			const [message] = fake.messages('C0DISPUTES');
			expect(message.text).toBe('<!subteam^S0FINANCE> Dispute opened: $50.00');
			expect(message.blocks?.[1]).toEqual({
				type: 'section',
				text: { type: 'mrkdwn', text: '<!subteam^S0FINANCE> *Dispute opened: $50.00*' },
			});
		});

		it('passes suppressed items through without posting', async () => {
			const suppressed = alertItem({ route: { suppressed: true, reason: 'quiet hours' } });

			const { output } = await runSlack(threadParameters(), [suppressed]);

			expect(output[0].json).toMatchObject({ posted: false, reason: 'quiet hours', message: suppressed.message });
			expect(fake.requests).toHaveLength(0);
		});

		it('falls back to the node channel when the route names none', async () => {
			const { output } = await runSlack(threadParameters(), [alertItem({ route: { channel: undefined } })]);

			expect(output[0].json.channel).toBe('C0PAYMENTS');
		});

		it('ignores the route with "This Channel"', async () => {
			await runSlack(threadParameters({ channelSource: 'fixed', channel: byId('C0PAYMENTS') }), [
				alertItem({ route: { mention: '<!here>' } }),
			]);

			expect(fake.messages('C0PAYMENTS')).toHaveLength(1);
			expect(fake.messages('C0PAYMENTS')[0].text).toBe('Dispute opened: $50.00');
		});
	});

	describe('errors', () => {
		const postParameters: INodeParameters = {
			operation: 'post',
			channelSource: 'route',
			channel: byName('#payments'),
			messageSource: 'paymentAlert',
		};

		it('explains not_in_channel with the channel and the item index', async () => {
			const { error } = await runSlack(postParameters, [
				alertItem({ route: { channel: 'C0PAYMENTS' } }),
				alertItem({ route: { channel: '#finance' } }),
			]);

			expect(error?.message).toBe('The Slack app is not a member of #finance.');
			expect(error?.description).toContain('/invite');
			expect(error?.context?.itemIndex).toBe(1);
		});

		it('continues on fail with {error, hint} for the failing item only', async () => {
			const { output } = await runSlack(
				postParameters,
				[
					alertItem({}),
					alertItem({ route: { channel: 'C0FINANCE' } }),
					alertItem({ route: { channel: 'C0PAYMENTS' } }),
				],
				{ continueOnFail: true },
			);

			expect(output.map((item) => item.json.ok)).toEqual([true, false, true]);
			expect(output[1]).toEqual({
				json: {
					ok: false,
					posted: false,
					error: 'The Slack app is not a member of C0FINANCE.',
					hint: expect.stringContaining('/invite'),
				},
				pairedItem: { item: 1 },
			});
		});

		it('explains an item that did not come from Payment Alert', async () => {
			const { error } = await runSlack(postParameters, [alertItem({ omitSlack: true })]);

			expect(error?.message).toBe('This item has no message from the Payment Alert node');
			expect(error?.description).toContain('Custom Text/Blocks');
		});

		it('names Payment Alert when the item it needs has the wrong shape', async () => {
			const { error } = await runSlack(postParameters, [{ ...alertItem({}), route: '#payments' }]);

			expect(error?.message).toMatch(/^Stripe Chat Slack expects the output of Payment Alert: "route"/);
			expect(error?.description).toContain('Connect this node after Payment Alert');
		});

		it('posts custom text from any item, whatever fields it has', async () => {
			const { output } = await runSlack(
				{ operation: 'post', channelSource: 'fixed', channel: byName('#payments'), messageSource: 'custom', text: 'Hello' },
				[{ message: 'a message field from another node', route: 'not a route' }],
			);

			expect(output[0].json).toMatchObject({ ok: true, posted: true });
		});

		it('explains a wrong bot token without showing it', async () => {
			const wrongValue = 'xoxb-wrong-9876543210-abcdef';
			const { output } = await runSlack(postParameters, [alertItem({})], { token: wrongValue, continueOnFail: true });

			expect(output[0].json).toMatchObject({ ok: false, error: 'Slack did not accept the bot token.' });
			expect(JSON.stringify(output)).not.toContain(wrongValue);
		});

		it('fails the item after the last retry when Slack keeps answering 500', async () => {
			fake.failNext(10, { status: 500 });

			const { output } = await runSlack({ ...postParameters, options: { retries: 1 } }, [alertItem({})], {
				continueOnFail: true,
			});

			expect(output[0].json).toMatchObject({ ok: false, hint: expect.stringContaining('slack-status.com') });
			expect(fake.requestsFor('chat.postMessage')).toHaveLength(2);
		});

		it('waits out a 429 and posts', async () => {
			fake.rateLimitNext(1, { retryAfter: 1, method: 'chat.postMessage' });

			const { output } = await runSlack(postParameters, [alertItem({})]);

			const [limited, retried] = fake.requestsFor('chat.postMessage');
			expect(output[0].json.ok).toBe(true);
			expect(retried.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(1000);
			expect(fake.messages('C0DISPUTES')).toHaveLength(1);
		});
	});

	describe('custom messages and the other operations', () => {
		it('posts custom text and Block Kit Builder JSON', async () => {
			await runSlack(
				{
					operation: 'post',
					channelSource: 'fixed',
					channel: byId('C0PAYMENTS'),
					messageSource: 'custom',
					text: 'Daily summary',
					blocksJson: '{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*3* failed payments"}}]}',
				},
				[{}],
			);

			expect(fake.messages('C0PAYMENTS')[0]).toMatchObject({
				text: 'Daily summary',
				blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*3* failed payments' } }],
			});
		});

		it('refuses blocks that are not JSON', async () => {
			const { error } = await runSlack(
				{
					operation: 'post',
					channelSource: 'fixed',
					channel: byId('C0PAYMENTS'),
					messageSource: 'custom',
					text: 'x',
					blocksJson: '[{"type": "section",',
				},
				[{}],
			);

			expect(error?.message).toContain('Blocks are not valid JSON');
			expect(error?.description).toContain('JSON array');
			expect(fake.requests).toHaveLength(0);
		});

		it('updates a message', async () => {
			fake.addMessage({ channel: 'C0PAYMENTS', ts: '1700000000.000100', text: 'Retry payment?' });

			const { output } = await runSlack(
				{
					operation: 'update',
					channel: byName('payments'),
					messageTs: '1700000000.000100',
					messageSource: 'custom',
					text: 'Payment retried by Ana',
				},
				[{}],
			);

			expect(output[0].json).toMatchObject({ ok: true, updated: true, channel: 'C0PAYMENTS', ts: '1700000000.000100' });
			expect(fake.messages('C0PAYMENTS')[0].text).toBe('Payment retried by Ana');
		});

		it('posts an ephemeral message', async () => {
			const { output } = await runSlack(
				{
					operation: 'postEphemeral',
					channel: byId('C0PAYMENTS'),
					user: 'U0ANA',
					messageSource: 'custom',
					text: 'Only you can see this',
				},
				[{}],
			);

			expect(output[0].json).toMatchObject({ ok: true, user: 'U0ANA', channel: 'C0PAYMENTS' });
			expect(fake.ephemeralMessages[0]).toMatchObject({ user: 'U0ANA', text: 'Only you can see this' });
		});

		it('responds through a response URL', async () => {
			const responseUrl = fake.createResponseUrl();

			const { output } = await runSlack(
				{ operation: 'respond', responseUrl, responseType: 'replaceOriginal', messageSource: 'paymentAlert' },
				[alertItem({ text: 'Refunded $50.00' })],
			);

			expect(output[0].json).toEqual({ ok: true, responded: true, responseType: 'replaceOriginal' });
			expect(fake.responseUrlPosts[0].body).toMatchObject({ text: 'Refunded $50.00', replace_original: true });
		});

		it.each([
			'http://169.254.169.254/latest/meta-data',
			'https://hooks.slack.com.evil.example/x',
			'https://example.com/',
		])('refuses to respond to %s', async (responseUrl) => {
			const { error } = await runSlack(
				{ operation: 'respond', responseUrl, responseType: 'inChannel', messageSource: 'custom', text: 'x' },
				[{}],
			);

			expect(error?.message).toContain('not a Slack response URL');
			expect(error?.description).toContain('internal servers');
			expect(fake.requests).toHaveLength(0);
		});
	});

	describe('channel picker', () => {
		function loadOptionsContext(): ILoadOptionsFunctions {
			const context = {
				getCredentials: async () => ({ botToken: TOKEN, apiBaseUrl: fake.apiUrl }),
				getNode: () => ({
					id: 'slack',
					name: 'Slack',
					type: 'stripeChatSlack',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				}),
			};
			return context as unknown as ILoadOptionsFunctions;
		}

		it('lists channels matching the filter, private ones marked', async () => {
			fake.addChannel({ id: 'C0PAYOUTS', name: 'payouts', isPrivate: true });

			const result = await searchChannels.call(loadOptionsContext(), '#pay');

			expect(result.results).toEqual([
				{ name: '#payments', value: 'C0PAYMENTS' },
				{ name: '🔒payouts', value: 'C0PAYOUTS' },
			]);
		});

		it('pages through large workspaces', async () => {
			for (let i = 0; i < 250; i++) fake.addChannel({ id: `C1${String(i).padStart(6, '0')}`, name: `team-${i}` });

			const first = await searchChannels.call(loadOptionsContext());
			const second = await searchChannels.call(loadOptionsContext(), undefined, first.paginationToken as string);

			expect(first.results).toHaveLength(200);
			expect(first.paginationToken).toBeTruthy();
			expect(second.results).toHaveLength(253 - 200);
			expect(second.paginationToken).toBeUndefined();
		});
	});

	describe('description and credential', () => {
		it('is usable as a tool and needs the Slack credential', () => {
			const { description } = new StripeChatSlack();

			expect(description).toMatchObject({ name: 'stripeChatSlack', usableAsTool: true });
			expect(description.credentials).toEqual([
				{ name: 'stripeChatSlackApi', required: true },
				{ name: 'redis', required: true, displayOptions: { show: { stateStore: ['redis'] } } },
			]);
		});

		/** Applies the credential's test the way n8n's CredentialsTester does: the first rule whose key matches fails it. */
		async function credentialTest(token: string): Promise<string> {
			const credential = new StripeChatSlackApi();
			const response = await fetch(`${fake.apiUrl}${credential.test.request.url}`, {
				method: credential.test.request.method,
				headers: { Authorization: `Bearer ${token}` },
			});
			const body = (await response.json()) as Record<string, unknown>;
			for (const rule of credential.test.rules ?? []) {
				if (rule.type === 'responseSuccessBody' && body[rule.properties.key] === rule.properties.value) {
					return rule.properties.message;
				}
			}
			return 'OK';
		}

		it('passes its test with a valid token and fails it with a readable reason otherwise', async () => {
			expect(await credentialTest(TOKEN)).toBe('OK');
			expect(await credentialTest('xoxb-not-valid')).toContain('did not accept the bot token');
			expect(await credentialTest('')).toContain('No bot token');
			expect(fake.requestsFor('auth.test')).toHaveLength(3);
		});

		it('authenticates with a bearer header and tests against the configured API base URL', () => {
			const credential = new StripeChatSlackApi();

			expect(credential.authenticate.properties.headers).toEqual({
				Authorization: '=Bearer {{$credentials.botToken}}',
			});
			expect(credential.test.request.baseURL).toBe('={{$credentials.apiBaseUrl}}');
			expect(credential.properties.map((property) => property.name)).toEqual([
				'botToken',
				'signingSecret',
				'buttonSigningSecret',
				'apiBaseUrl',
			]);
		});
	});
});
