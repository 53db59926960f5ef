import type { MetaChannel } from './webhook';

/**
 * Meta's limits for the messages this package sends. Lengths count characters as people see them (Unicode code
 * points), except Instagram text, which Meta limits in UTF-8 bytes. A payload over a limit is refused here with
 * a readable error rather than cut: a shortened button title or price would mislead the customer.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-reply-buttons-messages
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-cta-url-messages
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/messages/text-messages
 * @see https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message
 * @see https://developers.facebook.com/docs/messenger-platform/instagram/features/quick-replies
 * @see https://developers.facebook.com/docs/messenger-platform/instagram/features/button-template
 */
export const META_LIMITS = {
	whatsappText: 4096,
	instagramTextBytes: 1000,
	/** Instagram's button template (used for the link button) allows 640 characters of text. */
	instagramButtonText: 640,
	interactiveBody: 1024,
	interactiveHeader: 60,
	interactiveFooter: 60,
	/** WhatsApp allows 3 reply buttons (Instagram 13 quick replies): 3 keeps one workflow valid on both channels. */
	replyButtons: 3,
	replyButtonTitle: 20,
	replyButtonId: 256,
	linkButtonText: 20,
	linkUrl: 2000,
	templateName: 512,
} as const;

export class MetaPayloadError extends Error {
	constructor(
		/** The parameter the user can fix (`buttons`, `url`, `bodyText`, …). */
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'MetaPayloadError';
	}
}

/** What to POST to `/{sender id}/messages`: the sender is the phone number ID or the Instagram account ID. */
export interface OutgoingMessage {
	channel: MetaChannel;
	recipientId: string;
	payload: Record<string, unknown>;
}

export interface InteractiveParts {
	bodyText: string;
	headerText?: string;
	footerText?: string;
}

export interface ReplyButton {
	/** What the customer sees on the button. */
	title: string;
	/** What comes back in the webhook (`replyId`) when tapped; defaults to the title. */
	id?: string;
}

export interface TemplateParameters {
	name: string;
	languageCode: string;
	/** Values for {{1}}, {{2}}, … in the template body, in order. */
	bodyParameters?: string[];
	/** The variable part of the template's first URL button (e.g. the checkout session ID), when it has one. */
	urlButtonParameter?: string;
}

function characters(text: string): number {
	return Array.from(text).length;
}

function checkLength(field: string, label: string, text: string, max: number): void {
	const length = characters(text);
	if (length > max) {
		throw new MetaPayloadError(field, `${label} has ${length} characters; Meta allows at most ${max}. Shorten it.`);
	}
}

function required(field: string, label: string, value: string | undefined): string {
	const text = (value ?? '').trim();
	if (text === '') throw new MetaPayloadError(field, `${label} is empty.`);
	return text;
}

function optional(value: string | undefined): string | undefined {
	const text = (value ?? '').trim();
	return text === '' ? undefined : text;
}

/**
 * WhatsApp wants the customer's number with country code, digits only (what the webhook calls `wa_id`); people
 * paste it with `+`, spaces, dashes or brackets, which are removed. Instagram wants the Instagram-scoped ID.
 */
export function normalizeRecipient(channel: MetaChannel, recipient: string): string {
	const text = required('recipient', 'The recipient', recipient);
	if (channel === 'instagram') {
		if (!/^\d+$/.test(text)) {
			throw new MetaPayloadError(
				'recipient',
				`"${text}" is not an Instagram-scoped user ID (digits only, the senderId of an incoming Instagram message).`,
			);
		}
		return text;
	}
	const digits = text.replace(/[\s().-]/g, '').replace(/^\+/, '');
	if (!/^\d{6,20}$/.test(digits)) {
		throw new MetaPayloadError(
			'recipient',
			`"${text}" is not a WhatsApp number: use the full number with country code, such as +44 7700 900123.`,
		);
	}
	return digits;
}

function whatsappEnvelope(to: string, type: string, content: Record<string, unknown>): Record<string, unknown> {
	return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type, [type]: content };
}

function instagramEnvelope(to: string, message: Record<string, unknown>): Record<string, unknown> {
	return { recipient: { id: to }, message };
}

function checkInstagramText(field: string, label: string, text: string): void {
	const bytes = Buffer.byteLength(text, 'utf8');
	if (bytes > META_LIMITS.instagramTextBytes) {
		throw new MetaPayloadError(
			field,
			`${label} is ${bytes} bytes long; Instagram allows at most ${META_LIMITS.instagramTextBytes} bytes (about ${META_LIMITS.instagramTextBytes} letters, fewer with emoji or accents). Shorten it.`,
		);
	}
}

/** A plain text reply. On WhatsApp a link in the text gets a preview when `previewUrl` is set. */
export function buildTextMessage(input: {
	channel: MetaChannel;
	recipient: string;
	text: string;
	previewUrl?: boolean;
}): OutgoingMessage {
	const to = normalizeRecipient(input.channel, input.recipient);
	const text = required('text', 'The message text', input.text);
	if (input.channel === 'instagram') {
		checkInstagramText('text', 'The message text', text);
		return { channel: 'instagram', recipientId: to, payload: instagramEnvelope(to, { text }) };
	}
	checkLength('text', 'The message text', text, META_LIMITS.whatsappText);
	return {
		channel: 'whatsapp',
		recipientId: to,
		payload: whatsappEnvelope(to, 'text', { body: text, preview_url: input.previewUrl === true }),
	};
}

function checkInteractiveParts(parts: InteractiveParts): InteractiveParts {
	const bodyText = required('bodyText', 'The message text', parts.bodyText);
	checkLength('bodyText', 'The message text', bodyText, META_LIMITS.interactiveBody);
	const headerText = optional(parts.headerText);
	if (headerText) checkLength('headerText', 'The header', headerText, META_LIMITS.interactiveHeader);
	const footerText = optional(parts.footerText);
	if (footerText) checkLength('footerText', 'The footer', footerText, META_LIMITS.interactiveFooter);
	return { bodyText, headerText, footerText };
}

function whatsappInteractive(
	type: string,
	parts: InteractiveParts,
	action: Record<string, unknown>,
): Record<string, unknown> {
	return {
		type,
		...(parts.headerText ? { header: { type: 'text', text: parts.headerText } } : {}),
		body: { text: parts.bodyText },
		...(parts.footerText ? { footer: { text: parts.footerText } } : {}),
		action,
	};
}

/** Instagram has no header or footer on buttons: they become the first and last paragraph of the text. */
function instagramText(parts: InteractiveParts): string {
	return [parts.headerText, parts.bodyText, parts.footerText].filter(Boolean).join('\n\n');
}

/**
 * Checks a link for a button: https only, so a checkout link is never sent over plain HTTP or as a `javascript:`
 * or `data:` link, and without user name or password in it.
 */
export function checkButtonUrl(url: string): string {
	const text = required('url', 'The link', url);
	let parsed: URL;
	try {
		parsed = new URL(text);
	} catch {
		throw new MetaPayloadError(
			'url',
			`"${text}" is not a web address. Use a full link such as https://checkout.stripe.com/c/pay/…`,
		);
	}
	if (parsed.protocol !== 'https:') {
		throw new MetaPayloadError(
			'url',
			`The link must start with https:// (it is ${parsed.protocol}//…): Meta opens only secure links from buttons.`,
		);
	}
	if (parsed.username || parsed.password) {
		throw new MetaPayloadError('url', 'The link must not contain a user name or password.');
	}
	checkLength('url', 'The link', text, META_LIMITS.linkUrl);
	return text;
}

/**
 * A message with one button that opens a link, such as a Stripe Checkout page. WhatsApp: an interactive
 * `cta_url` message. Instagram: a button template with one `web_url` button.
 */
export function buildLinkButtonMessage(
	input: { channel: MetaChannel; recipient: string; buttonText: string; url: string } & InteractiveParts,
): OutgoingMessage {
	const to = normalizeRecipient(input.channel, input.recipient);
	const parts = checkInteractiveParts(input);
	const buttonText = required('buttonText', 'The button text', input.buttonText);
	checkLength('buttonText', 'The button text', buttonText, META_LIMITS.linkButtonText);
	const url = checkButtonUrl(input.url);
	if (input.channel === 'instagram') {
		const text = instagramText(parts);
		checkLength('bodyText', 'The message text (with header and footer)', text, META_LIMITS.instagramButtonText);
		return {
			channel: 'instagram',
			recipientId: to,
			payload: instagramEnvelope(to, {
				attachment: {
					type: 'template',
					payload: { template_type: 'button', text, buttons: [{ type: 'web_url', url, title: buttonText }] },
				},
			}),
		};
	}
	return {
		channel: 'whatsapp',
		recipientId: to,
		payload: whatsappEnvelope(
			to,
			'interactive',
			whatsappInteractive('cta_url', parts, { name: 'cta_url', parameters: { display_text: buttonText, url } }),
		),
	};
}

function checkReplyButtons(buttons: ReplyButton[]): Array<{ id: string; title: string }> {
	if (buttons.length === 0) throw new MetaPayloadError('buttons', 'Add at least one button.');
	if (buttons.length > META_LIMITS.replyButtons) {
		throw new MetaPayloadError(
			'buttons',
			`There are ${buttons.length} buttons; Meta allows at most ${META_LIMITS.replyButtons}. For more choices, ask a question and read the reply.`,
		);
	}
	const checked = buttons.map((button, index) => {
		const title = required('buttons', `The title of button ${index + 1}`, button.title);
		checkLength('buttons', `The title of button ${index + 1} ("${title}")`, title, META_LIMITS.replyButtonTitle);
		const id = optional(button.id) ?? title;
		checkLength('buttons', `The ID of button ${index + 1}`, id, META_LIMITS.replyButtonId);
		return { id, title };
	});
	for (const key of ['title', 'id'] as const) {
		const values = checked.map((button) => button[key]);
		const repeated = values.find((value, index) => values.indexOf(value) !== index);
		if (repeated !== undefined) {
			throw new MetaPayloadError(
				'buttons',
				`Two buttons have the ${key === 'id' ? 'ID' : 'title'} "${repeated}"; each must be different.`,
			);
		}
	}
	return checked;
}

/**
 * A question with up to 3 answer buttons; the tapped button comes back to the trigger as `replyId`. WhatsApp:
 * interactive `button` message. Instagram: quick replies.
 */
export function buildReplyButtonsMessage(
	input: { channel: MetaChannel; recipient: string; buttons: ReplyButton[] } & InteractiveParts,
): OutgoingMessage {
	const to = normalizeRecipient(input.channel, input.recipient);
	const parts = checkInteractiveParts(input);
	const buttons = checkReplyButtons(input.buttons);
	if (input.channel === 'instagram') {
		const text = instagramText(parts);
		checkInstagramText('bodyText', 'The message text (with header and footer)', text);
		return {
			channel: 'instagram',
			recipientId: to,
			payload: instagramEnvelope(to, {
				text,
				quick_replies: buttons.map((button) => ({ content_type: 'text', title: button.title, payload: button.id })),
			}),
		};
	}
	return {
		channel: 'whatsapp',
		recipientId: to,
		payload: whatsappEnvelope(
			to,
			'interactive',
			whatsappInteractive('button', parts, {
				buttons: buttons.map((button) => ({ type: 'reply', reply: { id: button.id, title: button.title } })),
			}),
		),
	};
}

/**
 * An approved WhatsApp message template: the only message allowed more than 24 hours after the customer's last
 * message. Instagram has no templates.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates
 */
export function buildTemplateMessage(
	input: { channel: MetaChannel; recipient: string } & TemplateParameters,
): OutgoingMessage {
	if (input.channel === 'instagram') {
		throw new MetaPayloadError(
			'operation',
			"Instagram has no message templates: a business can reply only within 24 hours of the customer's last message. Send a text or button message while the conversation is open.",
		);
	}
	const to = normalizeRecipient('whatsapp', input.recipient);
	const name = required('templateName', 'The template name', input.name);
	checkLength('templateName', 'The template name', name, META_LIMITS.templateName);
	if (!/^[a-z0-9_]+$/.test(name)) {
		throw new MetaPayloadError(
			'templateName',
			`"${name}" is not a template name: WhatsApp template names use lower-case letters, digits and underscores (see WhatsApp Manager → Message templates).`,
		);
	}
	const languageCode = required('languageCode', 'The template language', input.languageCode);
	if (!/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(languageCode)) {
		throw new MetaPayloadError(
			'languageCode',
			`"${languageCode}" is not a template language code such as en, en_US or pt_BR.`,
		);
	}
	const components: Array<Record<string, unknown>> = [];
	const bodyParameters = input.bodyParameters ?? [];
	if (bodyParameters.length > 0) {
		components.push({
			type: 'body',
			parameters: bodyParameters.map((value, index) => ({
				type: 'text',
				text: required('bodyParameters', `Template value {{${index + 1}}}`, value),
			})),
		});
	}
	const urlSuffix = optional(input.urlButtonParameter);
	if (urlSuffix) {
		components.push({ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: urlSuffix }] });
	}
	return {
		channel: 'whatsapp',
		recipientId: to,
		payload: whatsappEnvelope(to, 'template', {
			name,
			language: { code: languageCode },
			...(components.length > 0 ? { components } : {}),
		}),
	};
}
