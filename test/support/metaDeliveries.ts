import { createHmac } from 'node:crypto';

/**
 * Webhook bodies as Meta sends them (WhatsApp Cloud API and Instagram messaging), and their
 * `X-Hub-Signature-256`, for the node tests and the end-to-end suite alike.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples
 * @see https://developers.facebook.com/docs/instagram-platform/webhooks
 */

export function metaSignature(rawBody: string, appSecret: string): string {
	return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function whatsappTextMessage(from: string, id: string, text: string, timestamp = Math.floor(Date.now() / 1000)) {
	return { from, id, timestamp: String(timestamp), type: 'text', text: { body: text } };
}

export interface WhatsappDeliveryOptions {
	phoneNumberId: string;
	/** The customer's WhatsApp id (their phone number) and profile name. */
	contact: { waId: string; name: string };
	statuses?: unknown[];
}

export function whatsappDelivery(messages: unknown[], options: WhatsappDeliveryOptions) {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550783881', phone_number_id: options.phoneNumberId },
							contacts: [{ profile: { name: options.contact.name }, wa_id: options.contact.waId }],
							...(messages.length > 0 ? { messages } : {}),
							...(options.statuses ? { statuses: options.statuses } : {}),
						},
					},
				],
			},
		],
	};
}

export function instagramDelivery(accountId: string, senderId: string, mid: string, text: string) {
	return {
		object: 'instagram',
		entry: [
			{
				id: accountId,
				time: Date.now(),
				messaging: [
					{ sender: { id: senderId }, recipient: { id: accountId }, timestamp: Date.now(), message: { mid, text } },
				],
			},
		],
	};
}
