import { createHmac } from 'node:crypto';

import {
	answerVerificationHandshake,
	buildLinkButtonMessage,
	buildReplyButtonsMessage,
	buildTemplateMessage,
	buildTextMessage,
	CUSTOMER_SERVICE_WINDOW_MS,
	isWithinCustomerServiceWindow,
	MetaPayloadError,
	MetaWebhookError,
	normalizeRecipient,
	parseInstant,
	parseMetaWebhook,
} from '../../src/core/meta';
import { verifyMetaSignature, type VerifyMetaSignatureOptions } from '../../src/core/signatures/meta';
import { SignatureVerificationError, type SignatureFailure } from '../../src/core/signatures/verification';

const APP_SECRET = 'meta-app-secret-for-tests-0001';

function sign(body: string, secret = APP_SECRET): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const WHATSAPP_TEXT = {
	object: 'whatsapp_business_account',
	entry: [
		{
			id: '102290129340398',
			changes: [
				{
					field: 'messages',
					value: {
						messaging_product: 'whatsapp',
						metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
						contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
						messages: [
							{
								from: '16505551234',
								id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
								timestamp: '1749416383',
								type: 'text',
								text: { body: 'Does it come in another color? Café ☕' },
							},
						],
					},
				},
			],
		},
	],
};

describe('verifyMetaSignature', () => {
	const body = JSON.stringify(WHATSAPP_TEXT);

	it('accepts the HMAC-SHA256 of the raw body keyed by the App Secret', () => {
		expect(() =>
			verifyMetaSignature({ rawBody: Buffer.from(body), signatureHeader: sign(body), appSecret: APP_SECRET }),
		).not.toThrow();
		expect(
			verifyMetaSignature({ rawBody: body, signatureHeader: [sign(body)], appSecret: APP_SECRET }).payload.toString(),
		).toBe(body);
	});

	it('accepts upper-case hex digits', () => {
		expect(() =>
			verifyMetaSignature({
				rawBody: body,
				signatureHeader: `sha256=${sign(body).slice('sha256='.length).toUpperCase()}`,
				appSecret: APP_SECRET,
			}),
		).not.toThrow();
	});

	it.each<[string, Partial<VerifyMetaSignatureOptions>, SignatureFailure]>([
		['no secret configured', { appSecret: '' }, 'no_secret'],
		['an undefined secret', { appSecret: undefined }, 'no_secret'],
		['no header', { signatureHeader: undefined }, 'missing_header'],
		['an empty header', { signatureHeader: ' ' }, 'missing_header'],
		[
			'a sha1 header',
			{ signatureHeader: `sha1=${createHmac('sha1', APP_SECRET).update(body).digest('hex')}` },
			'malformed_header',
		],
		['a truncated digest', { signatureHeader: sign(body).slice(0, -2) }, 'malformed_header'],
		['two headers', { signatureHeader: [sign(body), sign(body)] }, 'malformed_header'],
		['another secret', { signatureHeader: sign(body, 'some-other-app-secret') }, 'no_match'],
		['a tampered body', { rawBody: body.replace('another color', 'a refund') }, 'no_match'],
		['a re-serialised body', { rawBody: JSON.stringify(JSON.parse(body), null, 1) }, 'no_match'],
	])('refuses %s with reason %s', (_name, override, reason) => {
		const options: VerifyMetaSignatureOptions = {
			rawBody: body,
			signatureHeader: sign(body),
			appSecret: APP_SECRET,
			...override,
		};
		let caught: unknown;
		try {
			verifyMetaSignature(options);
		} catch (error: unknown) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(SignatureVerificationError);
		expect((caught as SignatureVerificationError).reason).toBe(reason);
		expect((caught as Error).message).not.toContain(APP_SECRET);
	});

	it('points at a space around the configured secret', () => {
		expect(() =>
			verifyMetaSignature({ rawBody: body, signatureHeader: sign(body), appSecret: `${APP_SECRET} ` }),
		).toThrow(/starts or ends with a space/);
	});
});

describe('answerVerificationHandshake', () => {
	const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-token', 'hub.challenge': '1158201444' };

	it('echoes the challenge when the verify token matches', () => {
		expect(answerVerificationHandshake(query, 'my-verify-token')).toEqual({ status: 200, body: '1158201444' });
	});

	it('reads nested query objects too', () => {
		const nested = { hub: { mode: 'subscribe', verify_token: 'my-verify-token', challenge: '42' } };
		expect(answerVerificationHandshake(nested, 'my-verify-token')).toEqual({ status: 200, body: '42' });
	});

	it.each([
		['a wrong token', query, 'not-my-token', 403, 'token_mismatch'],
		['a token that is a prefix', query, 'my-verify-token-longer', 403, 'token_mismatch'],
		['no token configured', query, '', 403, 'no_verify_token'],
		['another mode', { ...query, 'hub.mode': 'unsubscribe' }, 'my-verify-token', 400, 'not_a_handshake'],
		['no challenge', { ...query, 'hub.challenge': '' }, 'my-verify-token', 400, 'not_a_handshake'],
		['no token sent', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'my-verify-token', 400, 'not_a_handshake'],
		['a huge challenge', { ...query, 'hub.challenge': 'x'.repeat(1000) }, 'my-verify-token', 400, 'not_a_handshake'],
	])('refuses %s', (_name, request, token, status, reason) => {
		const answer = answerVerificationHandshake(request, token);
		expect(answer.status).toBe(status);
		expect(answer.refusedBecause).toBe(reason);
		expect(answer.body).not.toContain('1158201444');
	});
});

function whatsappWith(message: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	const value = WHATSAPP_TEXT.entry[0].changes[0].value;
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: 'waba',
				changes: [
					{
						field: 'messages',
						value: {
							...value,
							messages: [{ from: '16505551234', id: 'wamid.X', timestamp: '1749416383', ...message }],
							...extra,
						},
					},
				],
			},
		],
	};
}

function instagramWith(event: Record<string, unknown>) {
	return {
		object: 'instagram',
		entry: [
			{
				id: '17841405822304914',
				time: 1749416383000,
				messaging: [
					{
						sender: { id: '1254459154682919' },
						recipient: { id: '17841405822304914' },
						timestamp: 1749416383123,
						...event,
					},
				],
			},
		],
	};
}

describe('parseMetaWebhook', () => {
	it('reads a WhatsApp text message with sender, name, account and time', () => {
		const parsed = parseMetaWebhook(WHATSAPP_TEXT);
		expect(parsed.channel).toBe('whatsapp');
		expect(parsed.messages).toEqual([
			{
				kind: 'message',
				channel: 'whatsapp',
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				dedupKey: 'meta:whatsapp:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				accountId: '106540352242922',
				senderId: '16505551234',
				senderName: 'Sheena Nelson',
				type: 'text',
				text: 'Does it come in another color? Café ☕',
				timestamp: '2025-06-08T20:59:43.000Z',
				replyToMessageId: undefined,
			},
		]);
		expect(parsed.statuses).toEqual([]);
	});

	it.each([
		[
			'a reply button',
			{
				type: 'interactive',
				context: { id: 'wamid.SENT' },
				interactive: { type: 'button_reply', button_reply: { id: 'pay_now', title: 'Pay now' } },
			},
			{
				type: 'button_reply',
				replyId: 'pay_now',
				replyTitle: 'Pay now',
				text: 'Pay now',
				replyToMessageId: 'wamid.SENT',
			},
		],
		[
			'a list row',
			{
				type: 'interactive',
				interactive: { type: 'list_reply', list_reply: { id: 'size_m', title: 'Medium', description: 'M' } },
			},
			{ type: 'list_reply', replyId: 'size_m', replyTitle: 'Medium' },
		],
		[
			'a template quick-reply button',
			{ type: 'button', button: { payload: 'PAY_INVOICE', text: 'Pay invoice' } },
			{ type: 'button', replyId: 'PAY_INVOICE', replyTitle: 'Pay invoice', text: 'Pay invoice' },
		],
		[
			'an image with caption',
			{ type: 'image', image: { id: 'media1', caption: 'this one' } },
			{ type: 'image', text: 'this one' },
		],
	])('reads a WhatsApp %s', (_name, message, expected) => {
		expect(parseMetaWebhook(whatsappWith(message)).messages[0]).toMatchObject(expected);
	});

	it('separates WhatsApp status updates, with their errors', () => {
		const parsed = parseMetaWebhook(
			whatsappWith(
				{ type: 'text', text: { body: 'hi' } },
				{
					statuses: [
						{ id: 'wamid.SENT', status: 'delivered', timestamp: '1749416400', recipient_id: '16505551234' },
						{
							id: 'wamid.SENT2',
							status: 'failed',
							timestamp: '1749416401',
							recipient_id: '16505551234',
							errors: [{ code: 131047, title: 'Re-engagement message' }],
						},
					],
				},
			),
		);
		expect(parsed.messages).toHaveLength(1);
		expect(parsed.statuses).toEqual([
			expect.objectContaining({
				kind: 'status',
				messageId: 'wamid.SENT',
				status: 'delivered',
				dedupKey: 'meta:whatsapp:wamid.SENT:delivered',
				accountId: '106540352242922',
			}),
			expect.objectContaining({
				status: 'failed',
				errors: [{ code: 131047, title: 'Re-engagement message', message: undefined }],
				hint: expect.stringMatching(/free-form reply is no longer allowed\. Send an approved template/),
			}),
		]);
	});

	it.each([
		[
			'a text',
			{ message: { mid: 'aWdfZAm1', text: 'Is this in stock?' } },
			{ type: 'text', text: 'Is this in stock?', messageId: 'aWdfZAm1' },
		],
		[
			'a quick reply',
			{ message: { mid: 'aWdfZAm2', text: 'Pay now', quick_reply: { payload: 'pay_now' } } },
			{ type: 'quick_reply', replyId: 'pay_now', replyTitle: 'Pay now', text: 'Pay now' },
		],
		[
			'a postback',
			{ postback: { mid: 'aWdfZAm3', title: 'Talk to us', payload: 'TALK' } },
			{ type: 'postback', replyId: 'TALK', replyTitle: 'Talk to us', messageId: 'aWdfZAm3' },
		],
		[
			'an attachment',
			{ message: { mid: 'aWdfZAm4', attachments: [{ type: 'image', payload: { url: 'https://x' } }] } },
			{ type: 'image' },
		],
	])('reads an Instagram %s', (_name, event, expected) => {
		const parsed = parseMetaWebhook(instagramWith(event));
		expect(parsed.channel).toBe('instagram');
		expect(parsed.messages).toHaveLength(1);
		expect(parsed.messages[0]).toMatchObject({
			channel: 'instagram',
			senderId: '1254459154682919',
			accountId: '17841405822304914',
			timestamp: '2025-06-08T20:59:43.123Z',
			...expected,
		});
		expect(parsed.messages[0].dedupKey).toBe(`meta:instagram:${parsed.messages[0].messageId}`);
	});

	it('gives a postback without mid a stable key', () => {
		const event = { postback: { title: 'Pay', payload: 'PAY' } };
		const first = parseMetaWebhook(instagramWith(event)).messages[0];
		expect(first.dedupKey).toBe(parseMetaWebhook(instagramWith(event)).messages[0].dedupKey);
		expect(first.dedupKey).toContain('1254459154682919');
	});

	it("ignores echoes of the business's own messages, and turns reads into statuses", () => {
		expect(parseMetaWebhook(instagramWith({ message: { mid: 'm', text: 'our reply', is_echo: true } }))).toMatchObject({
			messages: [],
			ignoredEvents: 1,
		});
		expect(parseMetaWebhook(instagramWith({ read: { mid: 'aWdfZAsent' } })).statuses).toEqual([
			expect.objectContaining({
				channel: 'instagram',
				status: 'read',
				messageId: 'aWdfZAsent',
				recipientId: '1254459154682919',
			}),
		]);
	});

	it('reads the dashboard test event sent under changes', () => {
		const body = {
			object: 'instagram',
			entry: [
				{
					id: '0',
					time: 1,
					changes: [
						{
							field: 'messages',
							value: {
								sender: { id: '12334' },
								recipient: { id: '23245' },
								timestamp: '1527459824',
								message: { mid: 'random_mid', text: 'random_text' },
							},
						},
					],
				},
			],
		};
		expect(parseMetaWebhook(body).messages[0]).toMatchObject({
			messageId: 'random_mid',
			text: 'random_text',
			senderId: '12334',
			accountId: '0',
		});
	});

	it.each([
		['a page object', { object: 'page', entry: [] }],
		['an array', []],
		['null', null],
		['a prototype key', { object: 'constructor' }],
	])('refuses %s', (_name, body) => {
		expect(() => parseMetaWebhook(body)).toThrow(MetaWebhookError);
	});

	it('counts incomplete events instead of throwing', () => {
		const parsed = parseMetaWebhook(whatsappWith({ id: undefined, type: 'text' }));
		expect(parsed).toMatchObject({ messages: [], ignoredEvents: 1 });
		expect(
			parseMetaWebhook({
				object: 'whatsapp_business_account',
				entry: [{ changes: [{ field: 'account_update', value: {} }] }],
			}).ignoredEvents,
		).toBe(1);
	});
});

describe('message builders', () => {
	const long = (length: number) => 'a'.repeat(length);

	it('builds a WhatsApp text message with a normalised number', () => {
		expect(buildTextMessage({ channel: 'whatsapp', recipient: '+44 (7700) 900-123', text: 'Hello' })).toEqual({
			channel: 'whatsapp',
			recipientId: '447700900123',
			payload: {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '447700900123',
				type: 'text',
				text: { body: 'Hello', preview_url: false },
			},
		});
	});

	it('builds an Instagram text message', () => {
		expect(buildTextMessage({ channel: 'instagram', recipient: '1254459154682919', text: 'Hello' }).payload).toEqual({
			recipient: { id: '1254459154682919' },
			message: { text: 'Hello' },
		});
	});

	it('builds a WhatsApp CTA URL button with header and footer', () => {
		const message = buildLinkButtonMessage({
			channel: 'whatsapp',
			recipient: '16505551234',
			bodyText: 'Your order: 2 × T-shirt, €40.00',
			headerText: 'Checkout',
			footerText: 'Link valid for 24 hours',
			buttonText: 'Pay now',
			url: 'https://checkout.stripe.com/c/pay/cs_test_a1',
		});
		expect(message.payload).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '16505551234',
			type: 'interactive',
			interactive: {
				type: 'cta_url',
				header: { type: 'text', text: 'Checkout' },
				body: { text: 'Your order: 2 × T-shirt, €40.00' },
				footer: { text: 'Link valid for 24 hours' },
				action: {
					name: 'cta_url',
					parameters: { display_text: 'Pay now', url: 'https://checkout.stripe.com/c/pay/cs_test_a1' },
				},
			},
		});
	});

	it('builds an Instagram button template for the link', () => {
		const message = buildLinkButtonMessage({
			channel: 'instagram',
			recipient: '125',
			bodyText: 'Total €40',
			headerText: 'Checkout',
			buttonText: 'Pay now',
			url: 'https://checkout.stripe.com/c/pay/cs_1',
		});
		expect(message.payload).toEqual({
			recipient: { id: '125' },
			message: {
				attachment: {
					type: 'template',
					payload: {
						template_type: 'button',
						text: 'Checkout\n\nTotal €40',
						buttons: [{ type: 'web_url', url: 'https://checkout.stripe.com/c/pay/cs_1', title: 'Pay now' }],
					},
				},
			},
		});
	});

	it('builds reply buttons on both channels, the title standing in for a missing id', () => {
		const buttons = [{ title: 'Pay now', id: 'pay_now' }, { title: 'Later' }];
		expect(
			buildReplyButtonsMessage({ channel: 'whatsapp', recipient: '16505551234', bodyText: 'Ready?', buttons }).payload,
		).toMatchObject({
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Ready?' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: 'pay_now', title: 'Pay now' } },
						{ type: 'reply', reply: { id: 'Later', title: 'Later' } },
					],
				},
			},
		});
		expect(
			buildReplyButtonsMessage({ channel: 'instagram', recipient: '125', bodyText: 'Ready?', buttons }).payload,
		).toEqual({
			recipient: { id: '125' },
			message: {
				text: 'Ready?',
				quick_replies: [
					{ content_type: 'text', title: 'Pay now', payload: 'pay_now' },
					{ content_type: 'text', title: 'Later', payload: 'Later' },
				],
			},
		});
	});

	it('builds a WhatsApp template with body values and a URL button value', () => {
		expect(
			buildTemplateMessage({
				channel: 'whatsapp',
				recipient: '16505551234',
				name: 'payment_reminder',
				languageCode: 'en_US',
				bodyParameters: ['Sheena', '€40.00'],
				urlButtonParameter: 'cs_test_a1',
			}).payload,
		).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '16505551234',
			type: 'template',
			template: {
				name: 'payment_reminder',
				language: { code: 'en_US' },
				components: [
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Sheena' },
							{ type: 'text', text: '€40.00' },
						],
					},
					{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'cs_test_a1' }] },
				],
			},
		});
	});

	const fourButtons = [{ title: 'A' }, { title: 'B' }, { title: 'C' }, { title: 'D' }];
	it.each([
		[
			'four reply buttons',
			() =>
				buildReplyButtonsMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					buttons: fourButtons,
				}),
			'buttons',
			/at most 3/,
		],
		[
			'four quick replies on Instagram too',
			() => buildReplyButtonsMessage({ channel: 'instagram', recipient: '1', bodyText: 'x', buttons: fourButtons }),
			'buttons',
			/at most 3/,
		],
		[
			'no buttons',
			() => buildReplyButtonsMessage({ channel: 'whatsapp', recipient: '16505551234', bodyText: 'x', buttons: [] }),
			'buttons',
			/at least one/,
		],
		[
			'a 21-character title',
			() =>
				buildReplyButtonsMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					buttons: [{ title: long(21) }],
				}),
			'buttons',
			/21 characters; Meta allows at most 20/,
		],
		[
			'two equal titles',
			() =>
				buildReplyButtonsMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					buttons: [
						{ title: 'Yes', id: 'a' },
						{ title: 'Yes', id: 'b' },
					],
				}),
			'buttons',
			/title "Yes"/,
		],
		[
			'a 1025-character body',
			() =>
				buildReplyButtonsMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: long(1025),
					buttons: [{ title: 'Ok' }],
				}),
			'bodyText',
			/at most 1024/,
		],
		[
			'a 61-character header',
			() =>
				buildLinkButtonMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					headerText: long(61),
					buttonText: 'Pay',
					url: 'https://x.test',
				}),
			'headerText',
			/at most 60/,
		],
		[
			'a 61-character footer',
			() =>
				buildLinkButtonMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					footerText: long(61),
					buttonText: 'Pay',
					url: 'https://x.test',
				}),
			'footerText',
			/at most 60/,
		],
		[
			'an http link',
			() =>
				buildLinkButtonMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					buttonText: 'Pay',
					url: 'http://checkout.stripe.com/c/pay/cs_1',
				}),
			'url',
			/must start with https/,
		],
		[
			'a javascript link',
			() =>
				buildLinkButtonMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					buttonText: 'Pay',
					url: 'javascript:alert(1)',
				}),
			'url',
			/must start with https/,
		],
		[
			'a link with a password',
			() =>
				buildLinkButtonMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					buttonText: 'Pay',
					url: 'https://u:p@x.test',
				}),
			'url',
			/password/,
		],
		[
			'not a link',
			() =>
				buildLinkButtonMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					buttonText: 'Pay',
					url: 'checkout page',
				}),
			'url',
			/not a web address/,
		],
		[
			'a 21-character link button',
			() =>
				buildLinkButtonMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					bodyText: 'x',
					buttonText: long(21),
					url: 'https://x.test',
				}),
			'buttonText',
			/at most 20/,
		],
		[
			'an empty text',
			() => buildTextMessage({ channel: 'whatsapp', recipient: '16505551234', text: '  ' }),
			'text',
			/empty/,
		],
		[
			'a 4097-character WhatsApp text',
			() => buildTextMessage({ channel: 'whatsapp', recipient: '16505551234', text: long(4097) }),
			'text',
			/at most 4096/,
		],
		[
			'an Instagram text over 1000 bytes',
			() => buildTextMessage({ channel: 'instagram', recipient: '1', text: 'é'.repeat(501) }),
			'text',
			/1002 bytes/,
		],
		[
			'an Instagram template',
			() => buildTemplateMessage({ channel: 'instagram', recipient: '1', name: 'x', languageCode: 'en' }),
			'operation',
			/Instagram has no message templates/,
		],
		[
			'a template name with spaces',
			() =>
				buildTemplateMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					name: 'Payment Reminder',
					languageCode: 'en',
				}),
			'templateName',
			/lower-case/,
		],
		[
			'a bad language',
			() => buildTemplateMessage({ channel: 'whatsapp', recipient: '16505551234', name: 'x', languageCode: 'English' }),
			'languageCode',
			/en_US/,
		],
		[
			'an empty template value',
			() =>
				buildTemplateMessage({
					channel: 'whatsapp',
					recipient: '16505551234',
					name: 'x',
					languageCode: 'en',
					bodyParameters: ['a', ''],
				}),
			'bodyParameters',
			/\{\{2\}\}/,
		],
	])('refuses %s with a readable error', (_name, build, field, message) => {
		let caught: unknown;
		try {
			build();
		} catch (error: unknown) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(MetaPayloadError);
		expect((caught as MetaPayloadError).field).toBe(field);
		expect((caught as Error).message).toMatch(message);
	});

	it('counts an emoji as one character, as people do', () => {
		expect(() =>
			buildReplyButtonsMessage({
				channel: 'whatsapp',
				recipient: '16505551234',
				bodyText: 'x',
				buttons: [{ title: `${'a'.repeat(19)}💳` }],
			}),
		).not.toThrow();
	});

	it.each([
		['whatsapp', 'abc', /not a WhatsApp number/],
		['whatsapp', '12', /not a WhatsApp number/],
		['instagram', 'user_name', /Instagram-scoped/],
		['whatsapp', '', /empty/],
	] as const)('refuses the %s recipient "%s"', (channel, recipient, message) => {
		expect(() => normalizeRecipient(channel, recipient)).toThrow(message);
	});
});

describe('customer-service window', () => {
	const now = Date.parse('2026-03-01T12:00:00Z');

	it.each([
		['just now', true, now - 1000],
		['23 h 59 min ago', true, now - CUSTOMER_SERVICE_WINDOW_MS + 60_000],
		['exactly 24 h ago', false, now - CUSTOMER_SERVICE_WINDOW_MS],
		['two days ago', false, now - 2 * CUSTOMER_SERVICE_WINDOW_MS],
		['a minute in the future (clock skew)', true, now + 60_000],
	])('a last message %s leaves the window open: %s', (_name, open, last) => {
		expect(isWithinCustomerServiceWindow(last, now)).toBe(open);
		expect(isWithinCustomerServiceWindow(new Date(last).toISOString(), new Date(now))).toBe(open);
	});

	it.each([
		['ISO text', '2026-03-01T11:00:00.000Z', Date.parse('2026-03-01T11:00:00Z')],
		['WhatsApp seconds as text', '1749416383', 1749416383000],
		['Instagram milliseconds', 1749416383123, 1749416383123],
		['a Date', new Date(5000), 5000],
		['nonsense', 'yesterday-ish', undefined],
		['an empty string', '', undefined],
	])('reads %s', (_name, value, expected) => {
		expect(parseInstant(value)).toBe(expected);
	});

	it('throws on a value that is no time', () => {
		expect(() => isWithinCustomerServiceWindow('soon', now)).toThrow(RangeError);
	});
});
