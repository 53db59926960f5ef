import type { WebClient } from '@slack/web-api';

import { StateStoreError } from '../../core/state/stateStore';
import type { StateStore } from '../../core/state/stateStore';
import {
	claimThread,
	holdThreadClaim,
	recordThreadParent,
	releaseThreadClaim,
	updateThreadParent,
} from '../../core/state/threadMap';
import type { ThreadMapTiming } from '../../core/state/threadMap';
import { describeSlackError } from './errors';
import type { SlackMessageContent } from './messages';
import { postMessage, updateMessage } from './operations';
import type { SlackMessageMetadata } from './operations';

/**
 * Threads by Stripe object: the first message about an object (the "parent") starts a thread; later events reply
 * in it and edit the parent to show the latest status. Which message is the parent is kept in the state store's
 * thread map (src/core/state/threadMap.ts), shared by every execution and worker, so a new alert costs one
 * `chat.postMessage` and a later one a reply plus one `chat.update` — never a search of the channel's history.
 *
 * Every alert still carries Slack message metadata `{event_type: 'stripe_chat_channel', event_payload:
 * {thread_key, event_id, occurred_at, severity}}`, so the package's messages can be told apart and audited.
 * @see https://docs.slack.dev/messaging/message-metadata
 */
export const THREAD_METADATA_EVENT_TYPE = 'stripe_chat_channel';

export interface PostInThreadInput {
	/** Channel ID (resolve names first, so `#payments` and `C0…` share threads). */
	channel: string;
	/** Groups an object's life, e.g. `dispute:du_123` (ChatMessage.threadKey); empty posts without a thread. */
	threadKey: string;
	content: SlackMessageContent;
	/** ISO time of the event; an older event than the parent shows is threaded but does not replace the parent. */
	occurredAt?: string;
	eventId?: string;
	severity?: string;
	store: StateStore;
	/** Unique per execution: marks this execution's claim to start a thread. */
	token: string;
	/** The button signing secret: the message's buttons are bound to its channel (see operations.ts). */
	buttonSigningSecret?: string;
	/** How long claims hold and waits last (tests shorten them); defaults in threadMap.ts. */
	timing?: Partial<ThreadMapTiming>;
}

export interface PostInThreadResult {
	channel: string;
	/** `ts` of the message posted now (the parent itself when a thread was started). */
	ts: string;
	/** Parent `ts` when this was posted as a reply. */
	threadTs?: string;
	/** True when this message started the thread. */
	startedThread: boolean;
	/** True when the parent was edited to show this (latest) event. */
	parentUpdated: boolean;
	/** Why the parent was left as it was, when a reply was posted but the parent not updated. */
	parentNotUpdatedReason?: string;
}

function toUnixSeconds(iso: string | undefined): number | undefined {
	if (!iso) return undefined;
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * The metadata every alert carries: which Stripe object's thread it belongs to and which event it shows, so that
 * the package can find its own messages again (recovery.ts) without reading their text.
 */
export function alertMetadata(
	input: { threadKey?: string; eventId?: string; severity?: string },
	occurredAt?: number,
): SlackMessageMetadata {
	const payload: Record<string, string | number> = { thread_key: input.threadKey ?? '' };
	if (input.eventId) payload.event_id = input.eventId;
	if (input.severity) payload.severity = input.severity;
	if (occurredAt !== undefined) payload.occurred_at = occurredAt;
	return { event_type: THREAD_METADATA_EVENT_TYPE, event_payload: payload };
}

/**
 * Posts a message into the thread of its object (see the file comment). Stripe does not deliver events in order,
 * so the parent is only edited when this event is not older than the one it shows. A failed parent edit does not
 * fail the call (the reply is posted; failing would make a re-run post it twice): it is reported in
 * `parentNotUpdatedReason`.
 * @throws ThreadBusyError when another execution is still starting this object's thread after the wait.
 * @see https://docs.slack.dev/messaging/#threading
 * @see https://docs.slack.dev/reference/methods/chat.update
 */
export async function postInThread(client: WebClient, input: PostInThreadInput): Promise<PostInThreadResult> {
	const threadKey = input.threadKey.trim();
	const occurredAt = toUnixSeconds(input.occurredAt);
	const metadata = alertMetadata({ ...input, threadKey }, occurredAt);
	if (!threadKey) {
		const posted = await postMessage(client, {
			channel: input.channel,
			content: input.content,
			metadata,
			buttonSigningSecret: input.buttonSigningSecret,
		});
		return { ...posted, startedThread: false, parentUpdated: false, parentNotUpdatedReason: 'no thread key' };
	}
	try {
		return await postInKnownThread(client, input, { threadKey, occurredAt, metadata });
	} catch (error: unknown) {
		if (!(error instanceof ParentGoneError)) throw error;
		// Someone deleted the parent in Slack: forget it, and this event starts the thread anew.
		await input.store.deleteIfEquals(error.claim.key, error.claim.recorded);
		return await postInKnownThread(client, input, { threadKey, occurredAt, metadata });
	}
}

/** The recorded parent no longer exists in Slack (`thread_not_found`). */
class ParentGoneError extends Error {
	constructor(readonly claim: { key: string; recorded: string }) {
		super('The thread parent was deleted in Slack');
	}
}

async function postInKnownThread(
	client: WebClient,
	input: PostInThreadInput,
	{ threadKey, occurredAt, metadata }: { threadKey: string; occurredAt?: number; metadata: SlackMessageMetadata },
): Promise<PostInThreadResult> {
	const claim = await claimThread({
		store: input.store,
		channel: input.channel,
		threadKey,
		token: input.token,
		timing: input.timing,
	});

	if (claim.role === 'parent') {
		let posted;
		const held = holdThreadClaim(input.store, claim, input.timing?.pendingMs);
		try {
			posted = await postMessage(client, {
				channel: input.channel,
				content: input.content,
				metadata,
				buttonSigningSecret: input.buttonSigningSecret,
			});
		} catch (error: unknown) {
			await held.stop();
			await releaseThreadClaim(input.store, claim);
			throw error;
		}
		await held.stop();
		await recordThreadParent(input.store, claim, { ts: posted.ts, occurredAt });
		return { ...posted, startedThread: true, parentUpdated: false };
	}

	const { parent } = claim;
	let reply;
	try {
		reply = await postMessage(client, {
			channel: input.channel,
			content: input.content,
			threadTs: parent.ts,
			metadata,
			buttonSigningSecret: input.buttonSigningSecret,
		});
	} catch (error: unknown) {
		if (describeSlackError(error).code === 'thread_not_found') throw new ParentGoneError(claim);
		throw error;
	}
	const replied = { ...reply, threadTs: parent.ts, startedThread: false };
	let update;
	try {
		update = await updateThreadParent(
			{ store: input.store, channel: input.channel, threadKey, token: input.token, occurredAt, timing: input.timing },
			async (shown) => {
				await updateMessage(client, {
					channel: input.channel,
					ts: shown.ts,
					content: input.content,
					metadata,
					buttonSigningSecret: input.buttonSigningSecret,
				});
			},
		);
	} catch (error: unknown) {
		// The reply is out, so the call succeeds (failing would post it again on the re-run); the parent just lags.
		const described =
			error instanceof StateStoreError
				? { message: error.message, hint: error.hint }
				: describeSlackError(error, { channel: input.channel });
		return { ...replied, parentUpdated: false, parentNotUpdatedReason: `${described.message} ${described.hint}` };
	}
	if (update === 'updated') return { ...replied, parentUpdated: true };
	return { ...replied, parentUpdated: false, parentNotUpdatedReason: PARENT_NOT_UPDATED[update] };
}

const PARENT_NOT_UPDATED = {
	newerShown: 'the thread already shows a newer event',
	busy: 'another execution kept editing the thread parent for longer than this one waits',
	gone: 'the thread was started anew meanwhile',
} as const;
