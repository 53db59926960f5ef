import { foreignWorkspaceReason, grantsNothing, isGranted, wrongChannelReason } from '../core/access';
import type { AccessRequest, AccessRule, HomeWorkspace, RequestKind } from '../core/access';
import { ACTION_DESCRIPTIONS, isActionKind } from '../core/actions';
import { dashboardUrl } from '../core/links';
import { buildTicketRequest } from '../core/teamWork';
import { auditOnceKey, slackMessageLink, slackRequestId } from '../core/audit';
import type { AuditRecord } from '../core/audit';
import type { ChatInteractionItem, ChatInteractionKind } from '../core/items/chatInteraction';
import { ACTION_ID_PREFIX } from '../platforms/slack/render';
import { verifyActionValue } from '../core/signedValue';
import { verifySlackRequest } from '../core/signatures/slack';
import type { ActionRef } from '../core/types';
import { alertFactsFromBlocks } from '../platforms/slack/alertFacts';
import { parseSlackRequest } from '../platforms/slack/interaction';
import type { SlackInteraction } from '../platforms/slack/interaction';

export type { AccessRule } from '../core/access';

export type InteractionKind = ChatInteractionKind;

export interface InteractionConfig {
	signingSecret?: string;
	buttonSigningSecret?: string;
	listenFor: InteractionKind[];
	/** `everyone`: any member of the app's workspace; `rules`: only what a rule grants. */
	access: 'everyone' | 'rules';
	rules: AccessRule[];
	/** Refuse buttons older than this many days; 0 = no limit. */
	buttonMaxAgeDays: number;
}

export interface InteractionRequest {
	rawBody: Buffer;
	headers: Record<string, string | string[] | undefined>;
}

export interface InteractionDependencies {
	now: () => number;
	/** Members of a Slack user group (`usergroups.users.list`); only called when a rule names user groups. */
	userGroupMembers: (userGroupId: string) => Promise<string[]>;
	/** The workspace of the credential's bot token (`auth.test`); asked once per click, form or command. */
	homeWorkspace: () => Promise<HomeWorkspace>;
}

/** What the webhook answers, and the workflow item when something should run. */
export interface InteractionOutcome {
	status: number;
	body: string;
	contentType: 'application/json' | 'text/plain';
	item?: ChatInteractionItem;
	/** A refusal to show only to the person who clicked, sent through `response_url` after the answer. */
	ephemeralNotice?: { responseUrl: string; text: string };
	/** Why nothing runs, for the n8n log. */
	ignoredBecause?: string;
	/**
	 * A refusal of someone's click, form or command, for the audit trail, with its once-key (a repeated delivery of
	 * the request is recorded once). Requests that fail Slack's signature are not someone's action and have none.
	 */
	refused?: { record: AuditRecord; onceKey: string };
}

function header(headers: InteractionRequest['headers'], name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function plain(status: number, text: string, ignoredBecause?: string): InteractionOutcome {
	return { status, body: text, contentType: 'text/plain', ignoredBecause };
}

type Acting = Extract<SlackInteraction, { kind: InteractionKind }>;

/** A form's answer that replaces it with the notice, so only the person who submitted it reads why. */
function noticeView(text: string): Record<string, unknown> {
	return {
		type: 'modal',
		title: { type: 'plain_text', text: 'Nothing was done' },
		close: { type: 'plain_text', text: 'Close' },
		blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
	};
}

/** What the audit record of a refusal knows besides the request: the verified button, where the workspace lives. */
interface RefusalContext {
	requestId: string;
	now: () => number;
	ref?: ActionRef;
	workspaceUrl?: string;
}

const AUDIT_SOURCES = { block_actions: 'button', view_submission: 'form', slash_command: 'command' } as const;

/** The message a request was made from: the clicked message, or for a form the alert signed into it. */
function messageLinkOf(interaction: Acting, ref: ActionRef | undefined, workspaceUrl: string | undefined) {
	if (interaction.kind === 'block_actions') {
		return slackMessageLink(workspaceUrl, interaction.channelId, interaction.messageTs);
	}
	return slackMessageLink(workspaceUrl, ref?.channelId, ref?.messageTs);
}

function refusalRecord(interaction: Acting, reason: string, context: RefusalContext): AuditRecord {
	const { ref } = context;
	return {
		at: new Date(context.now()).toISOString(),
		outcome: 'refused',
		action: actionNameOf(interaction, ref),
		source: AUDIT_SOURCES[interaction.kind],
		workspaceId: interaction.teamId,
		channelId: interaction.kind === 'view_submission' ? ref?.channelId : interaction.channelId,
		userId: interaction.user?.id,
		userName: interaction.user?.name,
		objectId: ref?.objectId,
		objectType: ref?.objectType,
		eventId: ref?.eventId,
		request: interaction.kind === 'slash_command' ? `${interaction.command} ${interaction.text}`.trim() : undefined,
		reason,
		livemode: ref?.livemode,
		messageLink: messageLinkOf(interaction, ref, context.workspaceUrl),
	};
}

/**
 * Nothing runs; the person who acted is told why, privately, in the way Slack offers for this kind of request, and
 * the refusal goes to the audit trail.
 */
function refuse(interaction: Acting, text: string, reason: string, context: RefusalContext): InteractionOutcome {
	const refused = {
		record: refusalRecord(interaction, reason, context),
		onceKey: auditOnceKey(context.requestId, 'refused'),
	};
	if (interaction.kind === 'slash_command') {
		return {
			status: 200,
			body: JSON.stringify({ response_type: 'ephemeral', text }),
			contentType: 'application/json',
			ignoredBecause: reason,
			refused,
		};
	}
	if (interaction.kind === 'view_submission') {
		return {
			status: 200,
			body: JSON.stringify({ response_action: 'update', view: noticeView(text) }),
			contentType: 'application/json',
			ignoredBecause: reason,
			refused,
		};
	}
	return {
		...plain(200, '', reason),
		ephemeralNotice: interaction.responseUrl ? { responseUrl: interaction.responseUrl, text } : undefined,
		refused,
	};
}

function requestKindOf(interaction: Acting): RequestKind {
	if (interaction.kind === 'slash_command') return 'command';
	return interaction.kind === 'view_submission' ? 'form' : 'button';
}

function actionNameOf(interaction: Acting, ref: ActionRef | undefined): string {
	if (interaction.kind === 'slash_command') return interaction.command;
	if (ref) return ref.action;
	return interaction.kind === 'block_actions' ? interaction.actionId : `modal ${interaction.callbackId ?? ''}`.trim();
}

function describeAction(actionName: string): string {
	if (isActionKind(actionName)) return ACTION_DESCRIPTIONS[actionName].verb;
	if (actionName.startsWith('/')) return `use ${actionName}`;
	return `do ${actionName}`;
}

/** For the n8n log: rules that name people but grant nothing, as rules saved when an empty list meant "all" do now. */
function emptyRulesHint(rules: readonly AccessRule[]): string {
	const empty = rules.map((rule, index) => (grantsNothing(rule) ? index + 1 : 0)).filter(Boolean);
	if (empty.length === 0) return '';
	return `; access rule ${empty.join(', ')} grants no button and no command: an empty list grants none, so choose the buttons (or "All Buttons") and the commands (or *)`;
}

function verifiedRef(
	value: string | undefined,
	config: InteractionConfig,
	now: () => number,
): ActionRef & { issuedAt: number } {
	return verifyActionValue(value ?? '', {
		secret: config.buttonSigningSecret,
		maxAgeSeconds: config.buttonMaxAgeDays > 0 ? config.buttonMaxAgeDays * 86400 : undefined,
		now,
	});
}

/**
 * A "Create ticket" click's ticket: the alert's facts as its message (written by the bot, sent with the click)
 * shows them, the object and customer from the signed value, links to the Dashboard and the message.
 */
function ticketFor(
	ref: ActionRef,
	interaction: Extract<Acting, { kind: 'block_actions' }>,
	messageLink: string | undefined,
) {
	return buildTicketRequest(alertFactsFromBlocks(interaction.messageBlocks), {
		objectId: ref.objectId,
		objectType: ref.objectType,
		customerId: ref.customerId,
		eventId: ref.eventId,
		livemode: ref.livemode,
		dashboardUrl: dashboardUrl({
			objectType: ref.objectType,
			objectId: ref.objectId,
			livemode: ref.livemode,
			account: ref.account,
		}),
		messageLink,
		requestedBy: interaction.user ? { id: interaction.user.id, name: interaction.user.name } : undefined,
	});
}

/**
 * Decides what one request to the Slack Interactivity / slash-command URL does: verify the signature (fail
 * closed), answer the handshakes, verify signed button and form values, check the workspace and the channel the
 * button belongs to, authorise by the access rules, and build the workflow item. The Chat Interaction Trigger's
 * `webhook.ts` gathers the inputs and writes the answer (docs/ARCHITECTURE.md, "Triggers and signatures").
 * Slack wants an answer within 3 seconds: everything here is local but `auth.test` and user-group lookups.
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export async function decideChatInteraction(
	request: InteractionRequest,
	config: InteractionConfig,
	dependencies: InteractionDependencies,
): Promise<InteractionOutcome> {
	let body: Buffer;
	try {
		body = verifySlackRequest({
			rawBody: request.rawBody,
			timestamp: header(request.headers, 'x-slack-request-timestamp'),
			signature: header(request.headers, 'x-slack-signature'),
			signingSecret: config.signingSecret,
			now: dependencies.now,
		}).payload;
	} catch (error: unknown) {
		// Whatever went wrong while checking, nothing runs (fail closed).
		const message = error instanceof Error ? error.message : 'Slack signature check failed';
		return plain(401, 'Slack request verification failed', message);
	}

	let interaction: SlackInteraction;
	try {
		interaction = parseSlackRequest(body, header(request.headers, 'content-type'));
	} catch (error: unknown) {
		return plain(400, 'Not a Slack interaction', error instanceof Error ? error.message : 'unreadable body');
	}

	if (interaction.kind === 'url_verification') {
		return { status: 200, body: JSON.stringify({ challenge: interaction.challenge }), contentType: 'application/json' };
	}
	if (interaction.kind === 'ssl_check') return plain(200, '', 'Slack ssl_check');
	if (interaction.kind === 'other') return plain(200, '', `Slack ${interaction.type} is not handled by this trigger`);
	if (!config.listenFor.includes(interaction.kind)) {
		return plain(200, '', `${interaction.kind} is switched off in this trigger's "Listen For"`);
	}

	const requestId = slackRequestId(body);
	const context: RefusalContext = { requestId, now: dependencies.now };
	let ref: (ActionRef & { issuedAt: number }) | undefined;
	const signedValue =
		interaction.kind === 'block_actions' && interaction.actionId.startsWith(ACTION_ID_PREFIX)
			? (interaction.value ?? '')
			: interaction.kind === 'view_submission' && interaction.privateMetadata?.startsWith('v1.')
				? interaction.privateMetadata
				: undefined;
	if (signedValue !== undefined) {
		try {
			ref = verifiedRef(signedValue, config, dependencies.now);
		} catch (error: unknown) {
			const reason = error instanceof Error ? error.message : 'invalid signed value';
			const what = interaction.kind === 'view_submission' ? 'form' : 'button';
			return refuse(
				interaction,
				`:no_entry: This ${what} could not be verified, so nothing was done. ${reason}.`,
				`${what} refused: ${reason}`,
				context,
			);
		}
		context.ref = ref;
	}

	let home: HomeWorkspace;
	try {
		home = await dependencies.homeWorkspace();
	} catch (error: unknown) {
		return refuse(
			interaction,
			':warning: Nothing was done: Slack did not confirm which workspace this app belongs to. Try again in a minute.',
			`workspace check failed: ${error instanceof Error ? error.message : 'auth.test failed'}`,
			context,
		);
	}
	context.workspaceUrl = home.url;
	const foreign = foreignWorkspaceReason(home, interaction);
	if (foreign) {
		return refuse(
			interaction,
			':no_entry: Nothing was done: this app acts only for members of the Slack workspace it was set up for, and this request comes from elsewhere (for example a Slack Connect channel shared with another organisation).',
			`refused because ${foreign}`,
			context,
		);
	}

	// A form arrives without channel or message: the channel it belongs to is the one signed into it.
	const channelId = interaction.kind === 'view_submission' ? ref?.channelId : interaction.channelId;
	const misplaced = interaction.kind === 'block_actions' ? wrongChannelReason(ref?.channelId, channelId) : undefined;
	if (misplaced) {
		return refuse(
			interaction,
			`:no_entry: Nothing was done: ${misplaced}. Use the buttons of the alert itself.`,
			`refused because ${misplaced}`,
			context,
		);
	}

	const wanted: AccessRequest = {
		kind: requestKindOf(interaction),
		action: actionNameOf(interaction, ref),
		userId: interaction.user?.id,
		channelId,
	};
	if (config.access !== 'everyone' && !(await isGranted(config.rules, wanted, dependencies))) {
		return refuse(
			interaction,
			`:no_entry: You are not allowed to ${describeAction(wanted.action)}${channelId ? ' in this channel' : ''}. Ask an n8n admin to add you to the Chat Interaction Trigger's access rules.`,
			`user ${wanted.userId ?? 'unknown'} is not allowed to ${wanted.action}${emptyRulesHint(config.rules)}`,
			context,
		);
	}

	const { kind, user, teamId, responseUrl, triggerId } = interaction;
	const item: ChatInteractionItem = {
		kind,
		action: wanted.action,
		user: user ?? null,
		teamId: teamId ?? null,
		channelId: interaction.channelId ?? null,
		responseUrl: responseUrl ?? null,
		triggerId: triggerId ?? null,
		receivedAt: new Date(dependencies.now()).toISOString(),
		// For the audit trail: one record per request however often Slack delivers it, and a link to its message.
		requestId,
		messageLink: messageLinkOf(interaction, ref, home.url) ?? null,
	};
	if (interaction.kind === 'block_actions') {
		Object.assign(item, {
			actionId: interaction.actionId,
			messageTs: interaction.messageTs ?? null,
			threadTs: interaction.threadTs ?? interaction.messageTs ?? null,
			messageBlocks: interaction.messageBlocks ?? null,
		});
		if (!ref) item.value = interaction.value ?? null;
	}
	if (interaction.kind === 'slash_command')
		Object.assign(item, { command: interaction.command, text: interaction.text });
	if (interaction.kind === 'view_submission') {
		Object.assign(item, {
			callbackId: interaction.callbackId ?? null,
			values: interaction.values,
			viewId: interaction.viewId ?? null,
		});
	}
	if (ref) {
		const { issuedAt, ...target } = ref;
		item.target = { ...target, buttonIssuedAt: new Date(issuedAt * 1000).toISOString() };
		if (interaction.kind === 'block_actions' && ref.action === 'ticket.create') {
			item.ticket = ticketFor(ref, interaction, item.messageLink ?? undefined);
		}
	}
	return { status: 200, body: '', contentType: 'text/plain', item };
}
