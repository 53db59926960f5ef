/**
 * Discord through n8n's real engine (n8n-core's WebhookContext and WorkflowExecute), against the local fake Discord
 * and fake Stripe: the Stripe Chat Discord node posts a thread of three alerts about one invoice (the first as a
 * message, the others as replies to it, across executions through the state store's thread map), and a click signed
 * with a real Ed25519 key reaches the Stripe Chat Discord Trigger, whose item makes Stripe Action retry the invoice
 * once and write the outcome back through the interaction webhook. A forged click runs nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import { StripeAction } from '../../nodes/StripeAction/StripeAction.node';
import { StripeChatDiscord } from '../../nodes/StripeChatDiscord/StripeChatDiscord.node';
import { StripeChatDiscordTrigger } from '../../nodes/StripeChatDiscordTrigger/StripeChatDiscordTrigger.node';
import { buildMessage } from '../../src/core/buildMessage';
import { notePostingIntent } from '../../src/core/state/postingIntent';
import { discordPlatform } from '../../src/platforms/discord/platform';
import { closeStateStores, openStateStore } from '../../src/state';
import { componentInteraction, createDiscordSigner } from '../support/discordSigner';
import { FAKE_DISCORD_BOT_ID, startFakeDiscord } from '../support/fakeDiscord';
import type { FakeDiscord } from '../support/fakeDiscord';
import { FakeStripe } from '../support/fakeStripe';
import { installBillingRoutes } from '../support/fakeStripeBilling';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';

const CHANNEL = '123456789012345678';
const USER = '223456789012345678';
const BUTTON_SECRET = 'discord-button-signing-secret-0123456789abcdef';
const SECRET_KEY = 'sk_test_discordFlowKey0123456789abcdef';
const FIXTURE = path.resolve(__dirname, '../fixtures/events/invoice.payment_failed__2025-03-31.basil.json');

const signer = createDiscordSigner();
let discord: FakeDiscord;
let stripe: FakeStripe;
let billing: FakeStripeBilling;

beforeAll(async () => {
	discord = await startFakeDiscord();
	stripe = new FakeStripe();
	await stripe.start();
	billing = installBillingRoutes(stripe);
});

afterAll(async () => {
	await discord.close();
	await stripe.stop();
	await closeStateStores();
});

const discordCredential = () => ({
	botToken: discord.botToken,
	applicationId: '1100000000000000001',
	publicKey: signer.publicKeyHex,
	buttonSigningSecret: BUTTON_SECRET,
	apiBaseUrl: discord.apiUrl,
});

/** An item as Payment Alert emits it for Discord: the message, the route, and the Discord rendering. */
function alertItem(invoiceId: string, eventId: string, attempt: number): IDataObject {
	const event = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown> & {
		data: { object: Record<string, unknown> };
	};
	event.id = eventId;
	event.data.object.id = invoiceId;
	event.data.object.attempt_count = attempt;
	const message = buildMessage(event, { actionSecret: BUTTON_SECRET });
	return {
		message: message as unknown as IDataObject,
		route: { channel: CHANNEL, severity: message.severity, suppressed: false, reason: 'default' },
		event: { id: eventId, type: message.eventType, livemode: false, created: 1 },
		buttons: { attached: message.actions.length },
		discord: discordPlatform.render(message, {}) as unknown as IDataObject,
	};
}

function postingFlow(credential: ReturnType<typeof discordCredential> = discordCredential()): EngineWorkflow {
	const node: INode = {
		id: 'discord',
		name: 'Stripe Chat Discord',
		type: 'stripeChatDiscord',
		typeVersion: 1,
		position: [220, 0],
		parameters: { operation: 'post', channelSource: 'route', channelId: '' },
		credentials: { stripeChatDiscordApi: { id: 'discord', name: 'Discord' } },
	};
	return {
		nodes: [itemsTriggerNode(), node],
		connections: { Items: { main: [[{ node: 'Stripe Chat Discord', type: 'main', index: 0 }]] } },
		nodeTypes: { itemsTrigger, stripeChatDiscord: new StripeChatDiscord() },
		credentials: { stripeChatDiscordApi: credential },
	};
}

async function post(items: IDataObject[], credential?: ReturnType<typeof discordCredential>) {
	const body = JSON.stringify(items);
	const result = await deliverWebhook(postingFlow(credential), 'Items', { headers: {}, rawBody: Buffer.from(body) });
	return outputOf(result.run!, 'Stripe Chat Discord')[0];
}

function clickFlow(credential: ReturnType<typeof discordCredential> = discordCredential()): EngineWorkflow {
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'Stripe Chat Discord Trigger',
				type: 'stripeChatDiscordTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'discord-actions',
				parameters: {
					access: 'rules',
					rules: { rule: [{ users: USER, userGroups: '', actions: ['invoice.retry'], channels: '' }] },
				},
				credentials: { stripeChatDiscordApi: { id: 'discord', name: 'Discord' } },
			},
			{
				id: 'action',
				name: 'Stripe Action',
				type: 'stripeAction',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'invoice', operation: 'retryPayment' },
				credentials: { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } },
			},
		],
		connections: {
			'Stripe Chat Discord Trigger': { main: [[{ node: 'Stripe Action', type: 'main', index: 0 }]] },
		},
		nodeTypes: { stripeChatDiscordTrigger: new StripeChatDiscordTrigger(), stripeAction: new StripeAction() },
		credentials: {
			stripeChatDiscordApi: credential,
			stripeChatChannelApi: { secretKey: SECRET_KEY, baseUrl: stripe.baseUrl },
		},
	};
}

describe('Stripe Chat Discord', () => {
	it('posts a thread of three updates: the first alert of the invoice as a message, the next two as replies', async () => {
		const before = discord.messages.get(CHANNEL)?.length ?? 0;
		const outputs = [];
		for (const attempt of [1, 2, 3]) {
			outputs.push(...(await post([alertItem('in_1DiscordThread', `evt_thread_${attempt}`, attempt)])));
		}
		const posted = (discord.messages.get(CHANNEL) ?? []).slice(before);
		expect(posted).toHaveLength(3);
		expect(posted[0].message_reference).toBeUndefined();
		for (const reply of posted.slice(1)) {
			expect(reply.message_reference).toEqual({ message_id: posted[0].id, fail_if_not_exists: false });
		}
		expect(outputs.map((output) => output.startedThread)).toEqual([true, false, false]);
		expect(outputs[1]).toMatchObject({ ok: true, posted: true, replyTo: posted[0].id, channelId: CHANNEL });
		// Buttons are bound to the channel they were posted in, and nobody but the route's mention may be pinged.
		const customIds = (posted[0].components as Array<{ components: Array<{ custom_id?: string }> }>)
			.flatMap((row) => row.components)
			.flatMap((button) => button.custom_id ?? []);
		expect(customIds.length).toBeGreaterThan(0);
		expect(customIds.every((customId) => customId.startsWith('cb.'))).toBe(true);
		expect(posted[0].allowed_mentions).toEqual({ parse: [] });
	});

	it('counts a collapsed burst in one summary message, posted once and then edited up', async () => {
		const store = await openStateStore({ kind: 'embedded' });
		const burstKey = 'burst:discord-test:invoice.payment_failed:0';
		for (let index = 1; index <= 6; index++) await store.ordinal(burstKey, `evt_burst_${index}`, 600_000);
		const collapsed = (eventId: string): IDataObject => ({
			...alertItem(`in_1Burst${eventId}`, eventId, 1),
			burst: {
				mode: 'collapse',
				burstKey,
				ordinal: 6,
				windowStart: '2026-01-15T12:00:00.000Z',
				windowEnd: '2026-01-15T12:05:00.000Z',
				threshold: 5,
				collapsedCount: 1,
				windowMinutes: 5,
				label: { one: 'payment failure', other: 'payment failures' },
			},
		});
		const [first] = await post([collapsed('evt_burst_6')]);
		await store.ordinal(burstKey, 'evt_burst_7', 600_000);
		const [second] = await post([collapsed('evt_burst_7')]);
		expect(first).toMatchObject({ collapsed: true, posted: false, action: 'posted', count: 1 });
		expect(second).toMatchObject({
			collapsed: true,
			action: 'updated',
			count: 2,
			summaryMessageId: first.summaryMessageId,
		});
		const summary = (discord.messages.get(CHANNEL) ?? []).find((message) => message.id === first.summaryMessageId);
		expect(summary?.content).toBe('+2 more payment failures in the last 5 minutes');
		expect(summary?.allowed_mentions).toEqual({ parse: [] });
	});

	it('does not post an alert again that an attempt which died before finishing had posted, and replies to it later', async () => {
		const store = await openStateStore({ kind: 'embedded' });
		const item = alertItem('in_1DiscordCrash', 'evt_crash_1', 1);
		const claimKey = 'event:embedded-test:evt_crash_1';
		// The dead attempt: it noted its intent, posted, and stopped before completing the event's claim.
		await notePostingIntent(store, claimKey, 'discord', { channel: CHANNEL, since: Date.now() - 1000 });
		const rendering = item.discord as IDataObject;
		// Another app's message with the same footer is not ours: it is not taken for the alert.
		discord.addMessage({
			channel_id: CHANNEL,
			author: { id: '999999999999999999', bot: true },
			embeds: rendering.embeds as unknown[],
		});
		const deadPost = discord.addMessage({
			channel_id: CHANNEL,
			author: { id: FAKE_DISCORD_BOT_ID, bot: true },
			content: String(rendering.content),
			embeds: rendering.embeds as unknown[],
		});
		const before = discord.messages.get(CHANNEL)?.length ?? 0;

		const [redelivered] = await post([{ ...item, eventClaim: { key: claimKey, token: 'retry', store: 'embedded' } }]);
		expect(redelivered).toMatchObject({ posted: true, postedByEarlierAttempt: true, messageId: deadPost.id });
		expect(discord.messages.get(CHANNEL)?.length).toBe(before);

		const [next] = await post([alertItem('in_1DiscordCrash', 'evt_crash_2', 2)]);
		expect(next).toMatchObject({ startedThread: false, replyTo: deadPost.id });
	});

	it('posts link buttons only when its credential has no button signing secret, and says so in its output', async () => {
		const [output] = await post([alertItem('in_1DiscordNoSecret', 'evt_no_secret', 1)], {
			...discordCredential(),
			buttonSigningSecret: '',
		});
		const message = (discord.messages.get(CHANNEL) ?? []).find((candidate) => candidate.id === output.messageId);
		const buttons = (message?.components as Array<{ components: Array<{ custom_id?: string; url?: string }> }>).flatMap(
			(row) => row.components,
		);
		expect(buttons.length).toBeGreaterThan(0);
		expect(buttons.every((button) => button.url && button.custom_id === undefined)).toBe(true);
		expect(output).toMatchObject({
			posted: true,
			droppedButtons: { reason: expect.stringContaining('no Button Signing Secret') },
		});
		expect((output.droppedButtons as IDataObject).count).toBeGreaterThan(0);
	});

	it('sends text that pings nobody, whatever it contains', async () => {
		const node = postingFlow();
		node.nodes[1].parameters = { operation: 'sendText', channelId: CHANNEL, text: '@everyone daily summary' };
		const result = await deliverWebhook(node, 'Items', { headers: {}, rawBody: Buffer.from('[{}]') });
		const [[output]] = outputOf(result.run!, 'Stripe Chat Discord');
		const message = (discord.messages.get(CHANNEL) ?? []).find((candidate) => candidate.id === output.messageId);
		expect(message).toMatchObject({ content: '@everyone daily summary', allowed_mentions: { parse: [] } });
	});

	it('explains a channel that is not a Discord channel id', async () => {
		const item = alertItem('in_1DiscordBadChannel', 'evt_bad_channel', 1);
		(item.route as IDataObject).channel = '#payments';
		const body = JSON.stringify([item]);
		const result = await deliverWebhook(postingFlow(), 'Items', { headers: {}, rawBody: Buffer.from(body) });
		expect(() => outputOf(result.run!, 'Stripe Chat Discord')).toThrow('"#payments" is not a Discord channel id');
	});

	it('mentions the route decision’s role and allows only that role', async () => {
		const item = alertItem('in_1DiscordMention', 'evt_mention', 1);
		(item.route as IDataObject).mention = '<@&323456789012345678>';
		const [output] = await post([item]);
		const message = (discord.messages.get(CHANNEL) ?? []).find((candidate) => candidate.id === output.messageId);
		expect(message?.content?.startsWith('<@&323456789012345678> ')).toBe(true);
		expect(message?.allowed_mentions).toEqual({ parse: [], roles: ['323456789012345678'], replied_user: false });
	});
});

describe('Stripe Chat Discord Trigger', () => {
	it('warns next to the access rules that a rule naming neither users, roles nor channels grants everyone', () => {
		const notices = new StripeChatDiscordTrigger().description.properties.filter(
			(property) => property.type === 'notice' && property.displayOptions?.show?.access?.includes('rules'),
		);
		expect(notices.map((notice) => notice.displayName).join(' ')).toMatch(
			/names neither users, roles nor channels grants .* everyone/,
		);
	});
});

describe('a Discord button click', () => {
	it('retries the invoice once on Stripe and writes the outcome back, however often the click arrives', async () => {
		const invoice = billing.addInvoice({ id: 'in_1DiscordRetry', currency: 'eur', amount_due: 5000 });
		const [output] = await post([alertItem(invoice.id, 'evt_click', 1)]);
		const message = (discord.messages.get(CHANNEL) ?? []).find((candidate) => candidate.id === output.messageId);
		const retryButton = (message?.components as Array<{ components: Array<{ custom_id?: string; label: string }> }>)
			.flatMap((row) => row.components)
			.find((button) => button.custom_id?.startsWith('cb.0.'));
		expect(retryButton).toBeDefined();

		const body = JSON.stringify(
			componentInteraction({
				customId: retryButton?.custom_id as string,
				channelId: CHANNEL,
				userId: USER,
				messageId: message?.id,
			}),
		);
		const click = { headers: signer.headersFor(body), rawBody: Buffer.from(body) };
		const calls = discord.webhookCalls.length;
		const first = await deliverWebhook(clickFlow(), 'Stripe Chat Discord Trigger', click);
		const second = await deliverWebhook(clickFlow(), 'Stripe Chat Discord Trigger', click);

		expect(first.response.statusCode).toBe(200);
		expect(JSON.parse(String(first.response.body))).toEqual({ type: 6 });
		expect(billing.executedCount('POST', `/v1/invoices/${invoice.id}/pay`)).toBe(1);
		const [[item]] = outputOf(first.run!, 'Stripe Action');
		expect(item).toMatchObject({ ok: true, operation: 'invoice.retryPayment', outcome: { succeeded: true } });
		expect(item.slackReportError).toBeUndefined();
		expect(outputOf(second.run!, 'Stripe Action')[0][0]).toMatchObject({
			ok: false,
			reason: 'already done by an earlier click',
		});

		const written = discord.webhookCalls.slice(calls);
		const edit = written.find((call) => call.method === 'PATCH');
		expect(edit?.path).toBe('/webhooks/1100000000000000001/interaction-token-abcdefghijklmnop/messages/@original');
		expect(edit?.body).toMatchObject({ components: [], allowed_mentions: { parse: [] } });
		expect(String(edit?.body.content)).toMatch(/^✅ Payment retried by <@223456789012345678> at .* — succeeded/);
		const followUps = written.filter((call) => call.method === 'POST');
		expect(followUps[0].body.content).toMatch(/Payment retried by <@223456789012345678>/);
		// The repeated click is told privately that it was already done.
		expect(followUps.some((call) => call.body.flags === 64 && /Already done/.test(String(call.body.content)))).toBe(
			true,
		);
	});

	it("refuses a click from another server than the credential's Guild ID: nothing reaches Stripe", async () => {
		const invoice = billing.addInvoice({ id: 'in_1DiscordOtherGuild' });
		const [output] = await post([alertItem(invoice.id, 'evt_other_guild', 1)]);
		const message = (discord.messages.get(CHANNEL) ?? []).find((candidate) => candidate.id === output.messageId);
		const retryButton = (message?.components as Array<{ components: Array<{ custom_id?: string }> }>)
			.flatMap((row) => row.components)
			.find((button) => button.custom_id?.startsWith('cb.0.'));
		const body = JSON.stringify(
			componentInteraction({ customId: retryButton?.custom_id as string, channelId: CHANNEL, userId: USER }),
		);
		const result = await deliverWebhook(
			clickFlow({ ...discordCredential(), guildId: '1000000000000000999' } as ReturnType<typeof discordCredential>),
			'Stripe Chat Discord Trigger',
			{ headers: signer.headersFor(body), rawBody: Buffer.from(body) },
		);
		expect(JSON.parse(String(result.response.body))).toEqual({ type: 6 });
		expect(result.run).toBeUndefined();
		expect(billing.executedCount('POST', `/v1/invoices/${invoice.id}/pay`)).toBe(0);
	});

	it('refuses a click with a forged Ed25519 signature: 401, and nothing reaches Stripe', async () => {
		const invoice = billing.addInvoice({ id: 'in_1DiscordForged' });
		const body = JSON.stringify(
			componentInteraction({ customId: 'cb.0.in_1DiscordForged.x.0.M', channelId: CHANNEL, userId: USER }),
		);
		const forged = { headers: createDiscordSigner().headersFor(body), rawBody: Buffer.from(body) };
		const result = await deliverWebhook(clickFlow(), 'Stripe Chat Discord Trigger', forged);
		expect(result.response.statusCode).toBe(401);
		expect(result.run).toBeUndefined();
		expect(billing.executedCount('POST', `/v1/invoices/${invoice.id}/pay`)).toBe(0);
	});

	it('answers the PING Discord sends when the endpoint URL is saved', async () => {
		const body = JSON.stringify({ id: '1', type: 1, application_id: '1100000000000000001' });
		const result = await deliverWebhook(clickFlow(), 'Stripe Chat Discord Trigger', {
			headers: signer.headersFor(body),
			rawBody: Buffer.from(body),
		});
		expect(result.response.statusCode).toBe(200);
		expect(JSON.parse(String(result.response.body))).toEqual({ type: 1 });
		expect(result.run).toBeUndefined();
	});
});
