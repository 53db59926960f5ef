import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { clickIdempotencyKey, describeEarlierAction } from '../../../src/core/actionOutcome';
import { ACTION_DESCRIPTIONS, isActionKind } from '../../../src/core/actions';
import { claimAction, completeAction, releaseAction } from '../../../src/core/state/actionMarks';
import type { ActionClaim } from '../../../src/core/state/actionMarks';
import type { StateStore } from '../../../src/core/state/stateStore';
import { openNodeStateStore, stateStoreFailure } from '../../shared/stateStore';
import { clickOf, givenIdempotencyKey, inputError } from './common';
import type { OperationContext, OperationMeta } from './operation';
import { reporterFor, voiceOf } from './reporters';

/**
 * What stands between a Slack click and Stripe in this node: the click must be for this very operation (signed into
 * its button), and a button acts once, whoever clicks it, for as long as it is valid ("already done" marks in the
 * state store).
 */

function labelOf(action: string): string {
	return isActionKind(action) ? ACTION_DESCRIPTIONS[action].label : action;
}

/** Read-only operations (Get, Find) may serve any click; everything that acts or reports must match the button. */
function servesOnlyItsButton(meta: OperationMeta): boolean {
	return meta.mutating || isActionKind(meta.action);
}

/**
 * Refuses a click whose signed button is for another action than this operation, e.g. a "Send payment link" click
 * wired by mistake into Refund. The person who clicked is told privately; the execution fails with the fix.
 */
export async function requireMatchingClick(operation: OperationContext, meta: OperationMeta): Promise<void> {
	const clicked = operation.item.target?.action;
	if (!clicked || clicked === meta.action || meta.alsoServes?.includes(clicked)) return;
	if (!servesOnlyItsButton(meta)) return;
	const slackReportError = await reporterFor(operation.item)?.answerPrivately(
		operation,
		`${voiceOf(operation.item).icons.warning} Nothing was done: this workflow sends the "${labelOf(clicked)}" button to a step that would ${labelOf(meta.action).toLowerCase()}. Ask an n8n admin to check the workflow.`,
	);
	const error = inputError(
		operation,
		`The click was for "${labelOf(clicked)}" (${clicked}), but this node does "${labelOf(meta.action)}" (${meta.action}); nothing was done`,
		'Put a Switch node on the click trigger\'s "action" field so each button reaches the Stripe Action made for it.',
	);
	if (slackReportError) error.context.slackReportError = slackReportError;
	error.context.refusedClick = true;
	throw error;
}

type Claimed = Extract<ActionClaim, { status: 'claimed' }>;

/** This click's hold on its button, to be completed after Stripe acted or released when nothing was done. */
export interface ButtonHold {
	complete(): Promise<string | undefined>;
	release(): Promise<void>;
}

export type ButtonGuard =
	| { hold?: ButtonHold; refusal?: undefined }
	| {
			refusal: IDataObject;
			hold?: undefined;
			/** The mark is this very Slack request's: Slack delivered it again, so this is not another click. */
			repeatedDelivery: boolean;
	  };

/** The button a click acts for, when this operation acts and the item is a signed click without a key of its own. */
function buttonKeyOf(operation: OperationContext, meta: OperationMeta): string | undefined {
	const { item } = operation;
	const isClick = item.kind === 'block_actions' || item.kind === 'button_click';
	if (!meta.mutating || !isClick || !item.target?.objectId) return undefined;
	if (givenIdempotencyKey(operation)) return undefined;
	const click = clickOf(operation, meta.action, item.target.objectId);
	return click ? clickIdempotencyKey(click) : undefined;
}

/** The store this execution opened for its first click or record (one per execution). */
export async function storeOf(operation: OperationContext): Promise<StateStore> {
	operation.state.stateStore ??= await openNodeStateStore(operation.ctx, operation.itemIndex);
	return operation.state.stateStore;
}

function holdOn(operation: OperationContext, store: StateStore, claim: Claimed): ButtonHold {
	return {
		async complete() {
			try {
				if (await completeAction(store, claim)) return undefined;
				return 'The "already done" mark was taken over by a later click (this one took longer than its lease).';
			} catch (error: unknown) {
				return `Stripe acted, but the "already done" mark could not be saved: ${stateStoreFailure(operation.ctx, error).message}`;
			}
		},
		async release() {
			try {
				await releaseAction(store, claim);
			} catch {
				// The claim's short lease runs out by itself; the Stripe error that led here is what the user must see.
			}
		},
	};
}

/**
 * Claims the clicked button before anything is sent to Stripe. A button that another click already used, or is
 * using right now, acts zero times: the person who clicked is told privately who did it and when, and the item
 * says so (`ok: false`).
 */
export async function guardButton(operation: OperationContext, meta: OperationMeta): Promise<ButtonGuard> {
	const buttonKey = buttonKeyOf(operation, meta);
	if (!buttonKey) return {};
	// The key this click sends to Stripe, known before it is sent: a refused click's record names it too.
	operation.idempotencyKey = buttonKey;
	const store = await storeOf(operation);
	let claim: ActionClaim;
	try {
		claim = await claimAction({
			store,
			buttonKey,
			userId: operation.item.user?.id ?? undefined,
			requestId: operation.item.requestId ?? undefined,
			token: randomUUID(),
		});
	} catch (error: unknown) {
		throw stateStoreFailure(operation.ctx, error, operation.itemIndex);
	}
	if (claim.status === 'claimed') return { hold: holdOn(operation, store, claim) };
	const text = describeEarlierAction(
		{
			action: meta.action,
			state: claim.status,
			userId: claim.userId,
			at: claim.at,
			timeZone: operation.ctx.getTimezone(),
		},
		voiceOf(operation.item),
	);
	const slackReportError = await reporterFor(operation.item)?.answerPrivately(operation, text);
	const refusal: IDataObject = {
		ok: false,
		reason: claim.status === 'done' ? 'already done by an earlier click' : 'another click is doing this right now',
		earlier: { state: claim.status, userId: claim.userId ?? null, at: claim.at.toISOString() },
	};
	if (slackReportError) refusal.slackReportError = slackReportError;
	const requestId = operation.item.requestId ?? undefined;
	return { refusal, repeatedDelivery: requestId !== undefined && claim.requestId === requestId };
}
