import type { INodeProperties } from 'n8n-workflow';

import { stateStoreProperty } from '../shared/stateStore';

export type Operation = 'sendText' | 'sendLinkButton' | 'sendReplyButtons' | 'sendTemplate' | 'skipRepeated';

export const SEND_OPERATIONS: Operation[] = ['sendText', 'sendLinkButton', 'sendReplyButtons', 'sendTemplate'];

/** Operations whose messages Meta allows only within 24 hours of the customer's last message. */
export const FREE_FORM_OPERATIONS: Operation[] = ['sendText', 'sendLinkButton', 'sendReplyButtons'];

const showFor = (operations: Operation[]) => ({ show: { operation: operations } });

export const metaMessagingProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'sendLinkButton',
		options: [
			{
				name: 'Send Link Button',
				value: 'sendLinkButton',
				action: 'Send a message with a link button',
				description: 'A message with one button that opens a link, such as a Stripe checkout page',
			},
			{
				name: 'Send Reply Buttons',
				value: 'sendReplyButtons',
				action: 'Send a message with reply buttons',
				description: 'A question with up to 3 answer buttons; the tapped one comes back to the trigger as replyId',
			},
			{
				name: 'Send Template',
				value: 'sendTemplate',
				action: 'Send an approved template',
				description:
					'An approved WhatsApp template: the only message allowed more than 24 hours after the customer last wrote',
			},
			{
				name: 'Send Text',
				value: 'sendText',
				action: 'Send a text message',
				description: 'A plain text reply',
			},
			{
				name: 'Skip Repeated Messages',
				value: 'skipRepeated',
				action: 'Skip messages already handled',
				description:
					'Lets through only messages this step has not seen before. Put it right after the Meta Messaging Trigger: Meta sometimes delivers a message twice.',
			},
		],
	},
	{
		displayName:
			'Meta may deliver the same message again (for up to 7 days) when n8n answered slowly, sometimes several times at once. This step remembers the keys of the messages it let through, in the State Store, and drops any message it has seen before.',
		name: 'skipNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor(['skipRepeated']),
	},
	{
		displayName: 'Message Key',
		name: 'dedupKey',
		type: 'string',
		default: '={{ $json.dedupKey }}',
		required: true,
		displayOptions: showFor(['skipRepeated']),
		description: 'What identifies a message. Leave as is after the Meta Messaging Trigger (its dedupKey field).',
	},
	{
		displayName: 'Remember For (Days)',
		name: 'rememberDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 90 },
		default: 7,
		displayOptions: showFor(['skipRepeated']),
		description: 'How long a message key is remembered. Meta retries a delivery for up to 7 days.',
	},
	{ ...stateStoreProperty, displayOptions: showFor(['skipRepeated']) },
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		default: 'incoming',
		displayOptions: showFor(SEND_OPERATIONS),
		options: [
			{ name: 'Instagram', value: 'instagram' },
			{
				name: 'Same as the Incoming Message',
				value: 'incoming',
				description: "Reply where the customer wrote (the item's channel field from the Meta Messaging Trigger)",
			},
			{ name: 'WhatsApp', value: 'whatsapp' },
		],
	},
	{
		displayName: 'Recipient',
		name: 'recipient',
		type: 'string',
		default: '={{ $json.senderId }}',
		required: true,
		displayOptions: showFor(SEND_OPERATIONS),
		description:
			"WhatsApp: the customer's number with country code. Instagram: the customer's Instagram-scoped ID. After the Meta Messaging Trigger, leave as is to answer the sender.",
	},
	{
		displayName: "Customer's Last Message At",
		name: 'lastMessageAt',
		type: 'string',
		default: '={{ $json.timestamp }}',
		displayOptions: showFor(FREE_FORM_OPERATIONS),
		description:
			'When the customer last wrote. If that was more than 24 hours ago, this step stops with a clear message instead of asking Meta (use Send Template then). Leave empty to let Meta decide.',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		displayOptions: showFor(['sendText']),
		description: 'Up to 4096 characters on WhatsApp, 1000 bytes on Instagram',
	},
	{
		displayName: 'Message Text',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		displayOptions: showFor(['sendLinkButton', 'sendReplyButtons']),
		description: 'The text above the button(s), up to 1024 characters',
	},
	{
		displayName: 'Button Text',
		name: 'buttonText',
		type: 'string',
		default: 'Pay now',
		required: true,
		displayOptions: showFor(['sendLinkButton']),
		description: 'Up to 20 characters',
	},
	{
		displayName: 'Link',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://checkout.stripe.com/c/pay/cs_live_…',
		displayOptions: showFor(['sendLinkButton']),
		description: 'The https link the button opens, such as the URL of a Stripe Checkout Session or Payment Link',
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Button',
		default: {},
		displayOptions: showFor(['sendReplyButtons']),
		description: 'Up to 3 buttons',
		options: [
			{
				name: 'button',
				displayName: 'Button',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'What the customer sees, up to 20 characters',
					},
					{
						displayName: 'Reply ID',
						name: 'id',
						type: 'string',
						default: '',
						description:
							'What the trigger receives as replyId when the button is tapped (e.g. pay_now). Leave empty to use the title.',
					},
				],
			},
		],
	},
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'payment_reminder',
		displayOptions: showFor(['sendTemplate']),
		description: 'The name of an approved template in WhatsApp Manager → Message templates',
	},
	{
		displayName: 'Template Language',
		name: 'languageCode',
		type: 'string',
		default: 'en_US',
		required: true,
		displayOptions: showFor(['sendTemplate']),
		description: 'The language code the template was approved in, such as en_US, de or pt_BR',
	},
	{
		displayName: 'Template Values',
		name: 'bodyParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Value',
		default: {},
		displayOptions: showFor(['sendTemplate']),
		description: 'One value for each {{1}}, {{2}}, … in the template text, in order',
		options: [
			{
				name: 'parameter',
				displayName: 'Value',
				values: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
			},
		],
	},
	{
		displayName: 'Link Button Value',
		name: 'urlButtonParameter',
		type: 'string',
		default: '',
		displayOptions: showFor(['sendTemplate']),
		description:
			'For a template whose button has a link ending in {{1}}: the part that goes there, such as the checkout session ID. Leave empty otherwise.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(['sendText', 'sendLinkButton', 'sendReplyButtons']),
		options: [
			{
				displayName: 'Footer',
				name: 'footerText',
				type: 'string',
				default: '',
				description:
					'Small grey text below the message, up to 60 characters (buttons only; on Instagram it ends the text)',
			},
			{
				displayName: 'Header',
				name: 'headerText',
				type: 'string',
				default: '',
				description:
					'A bold line above the message, up to 60 characters (buttons only; on Instagram it starts the text)',
			},
			{
				displayName: 'Show Link Preview',
				name: 'previewUrl',
				type: 'boolean',
				default: false,
				description: 'Whether WhatsApp shows a preview of the first link in a text message',
			},
		],
	},
];
