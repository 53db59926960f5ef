import { isRecord } from '../../core/records';

/**
 * One item shape for everything Slack sends to an app's Interactivity and slash-command URL: button clicks
 * (`block_actions`), modal submissions (`view_submission`), slash commands, and the `url_verification` /
 * `ssl_check` handshakes.
 * @see https://api.slack.com/interactivity/handling#payloads
 * @see https://api.slack.com/interactivity/slash-commands#app_command_handling
 */

export class InvalidSlackPayloadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InvalidSlackPayloadError';
	}
}

export interface SlackActor {
	id: string;
	name?: string;
}

export interface SlackInteractionBase {
	user?: SlackActor;
	/** The workspace the request comes from (`team.id`, `team_id`). */
	teamId?: string;
	/**
	 * Every workspace the request names: the workspace, the person's home workspace (`user.team_id`, which differs
	 * for someone from another organisation in a Slack Connect channel) and a form's `view.team_id`.
	 */
	teamIds: string[];
	/** The Enterprise Grid organisation the request names (`enterprise.id`, `team.enterprise_id`, `enterprise_id`). */
	enterpriseIds: string[];
	channelId?: string;
	responseUrl?: string;
	triggerId?: string;
}

export type SlackInteraction =
	| { kind: 'url_verification'; challenge: string }
	| { kind: 'ssl_check' }
	| (SlackInteractionBase & {
			kind: 'block_actions';
			actionId: string;
			blockId?: string;
			value?: string;
			messageTs?: string;
			threadTs?: string;
			/** Blocks of the message the button was on, so the outcome can replace its buttons. */
			messageBlocks?: unknown[];
	  })
	| (SlackInteractionBase & {
			kind: 'view_submission';
			callbackId?: string;
			privateMetadata?: string;
			values: Record<string, string | undefined>;
			viewId?: string;
	  })
	| (SlackInteractionBase & { kind: 'slash_command'; command: string; text: string })
	| (SlackInteractionBase & { kind: 'other'; type: string });

type Json = Record<string, unknown>;

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function actorOf(user: unknown): SlackActor | undefined {
	if (!isRecord(user) || !text(user.id)) return undefined;
	return { id: user.id as string, name: text(user.username) ?? text(user.name) };
}

/** Flattens `view.state.values[block][action]` into `{action_id: value}` for every input type Slack has. */
function viewValues(state: unknown): Record<string, string | undefined> {
	const values: Record<string, string | undefined> = {};
	if (!isRecord(state) || !isRecord(state.values)) return values;
	for (const block of Object.values(state.values)) {
		if (!isRecord(block)) continue;
		for (const [actionId, input] of Object.entries(block)) {
			if (!isRecord(input)) continue;
			const selected = isRecord(input.selected_option) ? text(input.selected_option.value) : undefined;
			values[actionId] =
				text(input.value) ??
				selected ??
				text(input.selected_date) ??
				text(input.selected_user) ??
				text(input.selected_channel);
		}
	}
	return values;
}

function present(values: Array<string | undefined>): string[] {
	return [...new Set(values.filter((value): value is string => value !== undefined))];
}

function fromPayload(payload: Json): SlackInteraction {
	const type = text(payload.type);
	if (!type) throw new InvalidSlackPayloadError('Slack payload has no "type"');
	const team = isRecord(payload.team) ? payload.team : undefined;
	const teamId = team ? text(team.id) : text(payload.team_id);
	const view = isRecord(payload.view) ? payload.view : undefined;
	const base: SlackInteractionBase = {
		user: actorOf(payload.user),
		teamId,
		teamIds: present([
			teamId,
			isRecord(payload.user) ? text(payload.user.team_id) : undefined,
			view ? text(view.team_id) : undefined,
		]),
		enterpriseIds: present([
			isRecord(payload.enterprise) ? text(payload.enterprise.id) : undefined,
			team ? text(team.enterprise_id) : undefined,
			text(payload.enterprise_id),
		]),
		channelId: isRecord(payload.channel) ? text(payload.channel.id) : undefined,
		responseUrl: text(payload.response_url),
		triggerId: text(payload.trigger_id),
	};
	if (type === 'url_verification') {
		const challenge = text(payload.challenge);
		if (!challenge) throw new InvalidSlackPayloadError('url_verification without a challenge');
		return { kind: 'url_verification', challenge };
	}
	if (type === 'block_actions') {
		const actions = Array.isArray(payload.actions) ? payload.actions.filter(isRecord) : [];
		const action = actions[0];
		if (!action || !text(action.action_id)) throw new InvalidSlackPayloadError('block_actions payload has no action');
		const message = isRecord(payload.message) ? payload.message : undefined;
		const container = isRecord(payload.container) ? payload.container : undefined;
		return {
			...base,
			channelId: base.channelId ?? (container ? text(container.channel_id) : undefined),
			kind: 'block_actions',
			actionId: action.action_id as string,
			blockId: text(action.block_id),
			value: text(action.value) ?? (isRecord(action.selected_option) ? text(action.selected_option.value) : undefined),
			messageTs: (message ? text(message.ts) : undefined) ?? (container ? text(container.message_ts) : undefined),
			threadTs: message ? text(message.thread_ts) : undefined,
			...(message && Array.isArray(message.blocks) ? { messageBlocks: message.blocks } : {}),
			responseUrl: base.responseUrl,
		};
	}
	if (type === 'view_submission') {
		const submitted = view ?? {};
		const responseUrls = Array.isArray(payload.response_urls) ? payload.response_urls.filter(isRecord) : [];
		return {
			...base,
			kind: 'view_submission',
			callbackId: text(submitted.callback_id),
			privateMetadata: text(submitted.private_metadata),
			values: viewValues(submitted.state),
			viewId: text(submitted.id),
			responseUrl: base.responseUrl ?? (responseUrls[0] ? text(responseUrls[0].response_url) : undefined),
		};
	}
	return { ...base, kind: 'other', type };
}

/** A payload sent as JSON text; `what` names where it was, for the error. */
function fromJson(text: string, what: string): SlackInteraction {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new InvalidSlackPayloadError(`${what} is not valid JSON`);
	}
	if (!isRecord(parsed)) throw new InvalidSlackPayloadError(`${what} is not a JSON object`);
	return fromPayload(parsed);
}

/**
 * Parses a request body Slack sent (already verified by verifySlackRequest).
 * @throws InvalidSlackPayloadError with a readable reason.
 */
export function parseSlackRequest(rawBody: Buffer | string, contentType: string | undefined): SlackInteraction {
	const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
	if (body.trim().length === 0) throw new InvalidSlackPayloadError('Empty request body');
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/json') {
		return fromJson(body, 'Request body');
	}
	if (type !== 'application/x-www-form-urlencoded') {
		throw new InvalidSlackPayloadError(
			`Unexpected Content-Type "${type || 'none'}": Slack sends form-encoded or JSON bodies`,
		);
	}
	const form = new URLSearchParams(body);
	if (form.get('ssl_check') === '1') return { kind: 'ssl_check' };
	const payload = form.get('payload');
	if (payload !== null) return fromJson(payload, 'The "payload" field');
	const command = form.get('command');
	if (command) {
		const userId = form.get('user_id');
		const teamId = form.get('team_id') || undefined;
		return {
			kind: 'slash_command',
			command,
			text: form.get('text') ?? '',
			user: userId ? { id: userId, name: form.get('user_name') ?? undefined } : undefined,
			teamId,
			teamIds: present([teamId]),
			enterpriseIds: present([form.get('enterprise_id') || undefined]),
			channelId: form.get('channel_id') ?? undefined,
			responseUrl: form.get('response_url') ?? undefined,
			triggerId: form.get('trigger_id') ?? undefined,
		};
	}
	throw new InvalidSlackPayloadError('Form body has neither "payload" nor "command": not a Slack interaction');
}
