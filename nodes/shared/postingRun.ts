import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withoutUndefined } from '../../src/core/records';
import { postedAlertOutput, recordPostedAlert } from '../../src/core/state/postedAlerts';
import type { StateStore } from '../../src/core/state/stateStore';
import { errorItem } from './errorItem';
import { eventClaimOf, finishEvents, posterOf } from './eventClaims';
import type { EventClaimFields } from './eventClaims';

/** What a posting node (Stripe Chat Slack, Discord, Telegram, Teams, Google Chat) hands the item loop. */
export interface PostingRun {
	/** Runs the chosen operation for one item. */
	execute(itemIndex: number): Promise<IDataObject>;
	/** The state store Payment Alert's claims are in, opened on first use. */
	store(): Promise<StateStore>;
	/** The n8n error a failure stops the node with (readable, no secret in it). */
	toError(error: unknown, itemIndex: number): Error;
	/** What the error item under Continue On Fail is made from; the stopping error when not given. */
	toErrorItem?(error: unknown, itemIndex: number): unknown;
	/** Whether the operation's items carry Payment Alert's event claims; a text of the node's own carries none. */
	completesClaims?: boolean;
}

/**
 * The posting nodes of this package (by type name) and their operations that mark an alert's event handled; the
 * others (Telegram's and Discord's "Send Text") post a text of the node's own and leave claims alone. Stripe Webhook
 * Health reads it to tell whether a workflow ever marks its events handled.
 */
const CLAIM_COMPLETING_OPERATIONS: Readonly<Record<string, readonly string[] | 'every'>> = {
	stripeChatSlack: 'every',
	stripeChatTeams: 'every',
	stripeChatGoogleChat: 'every',
	stripeChatTelegram: ['post'],
	stripeChatDiscord: ['post'],
};

/** Whether a node of this type, in this operation, completes the claims of the alerts it posts. */
export function completesClaims(nodeType: string, operation: string): boolean {
	const operations = CLAIM_COMPLETING_OPERATIONS[nodeType];
	return operations === 'every' || (operations ?? []).includes(operation);
}

/** A state store as the error messages name it. */
export const storeName = (store: string) => (store === 'redis' ? 'Redis' : 'the built-in database file');

/** A claim made in one store cannot be completed in another: both nodes must name the same State Store. */
function checkSameStore(ctx: IExecuteFunctions, claims: EventClaimFields[], itemIndex: number): void {
	const chosen = ctx.getNodeParameter('stateStore', itemIndex, 'embedded') as string;
	const other = claims.find((claim) => claim.store !== chosen);
	if (!other) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Payment Alert keeps its state in ${storeName(other.store)}, this node in ${storeName(chosen)}`,
		{
			itemIndex,
			description: 'Set "State Store" (and its Redis credential) the same in Payment Alert and in this node.',
		},
	);
}

/**
 * Whether this node already posted the alert of the claimed event, in an earlier attempt: its output then, or
 * undefined. A store that cannot tell is logged, and the alert is posted: twice rather than never.
 */
async function postedBefore(
	ctx: IExecuteFunctions,
	run: PostingRun,
	claim: EventClaimFields | undefined,
): Promise<IDataObject | undefined> {
	if (!claim) return undefined;
	try {
		const output = await postedAlertOutput(await run.store(), claim.key, posterOf(ctx));
		return output && { ...(output as IDataObject), postedByEarlierAttempt: true };
	} catch (error: unknown) {
		ctx.logger.warn(
			`${ctx.getNode().name}: could not read whether an earlier attempt posted this alert (${(error as Error).message}); posting it`,
		);
		return undefined;
	}
}

/** Notes that this node posted the alert, so that a redelivery (another node of the alert failed) does not repost it. */
async function notePosted(
	ctx: IExecuteFunctions,
	run: PostingRun,
	claim: EventClaimFields | undefined,
	output: IDataObject,
): Promise<void> {
	if (!claim) return;
	try {
		await recordPostedAlert(await run.store(), claim.key, posterOf(ctx), output);
	} catch (error: unknown) {
		ctx.logger.warn(
			`${ctx.getNode().name}: the alert was posted, and recording that failed (${(error as Error).message}); a redelivery may post it again`,
		);
	}
}

/**
 * Runs a posting node's operation for every item in order and keeps `pairedItem` on every output. Payment Alert
 * claims each event before a posting node posts it (nodes/shared/eventClaims.ts): an item posted (or counted in its
 * burst summary, or suppressed) completes its claim; one that fails (after the client's retries) releases it, and so
 * does every item a stopped node never reached, so the workflow answers Stripe with an error and Stripe's
 * redelivery posts the alert instead of being suppressed as a repeat. Each node records what it posted
 * (src/core/state/postedAlerts.ts): when one alert goes to several posting nodes and one of them fails, the
 * redelivery posts only where it was missing. Under Continue On Fail a failure becomes the error item
 * (nodes/shared/errorItem.ts) while the other items carry on.
 */
export async function runPostingItems(ctx: IExecuteFunctions, run: PostingRun): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	const claimsOf = (from: number, to: number) =>
		run.completesClaims === false ? [] : items.slice(from, to).flatMap((item) => eventClaimOf(item.json) ?? []);
	const finish = async (claims: EventClaimFields[], outcome: 'complete' | 'release', reason: string) => {
		if (claims.length > 0) await finishEvents(ctx, await run.store(), claims, outcome, reason);
	};
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const claims = claimsOf(itemIndex, itemIndex + 1);
			checkSameStore(ctx, claims, itemIndex);
			const earlier = await postedBefore(ctx, run, claims[0]);
			const json = earlier ?? (await run.execute(itemIndex));
			if (!earlier) await notePosted(ctx, run, claims[0], json);
			await finish(claims, 'complete', 'the alert was posted');
			output.push({ json: withoutUndefined(json), pairedItem: { item: itemIndex } });
		} catch (error: unknown) {
			if (!ctx.continueOnFail()) {
				await finish(claimsOf(itemIndex, items.length), 'release', 'the alerts were not posted');
				throw run.toError(error, itemIndex);
			}
			await finish(claimsOf(itemIndex, itemIndex + 1), 'release', 'the alert was not posted');
			const failure = run.toErrorItem ? run.toErrorItem(error, itemIndex) : run.toError(error, itemIndex);
			output.push(errorItem(failure, itemIndex, { posted: false }));
		}
	}
	return [output];
}
