import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import Stripe from 'stripe';

import { describeOutcome, resolvedHeadline } from '../../../src/core/actionOutcome';
import { ItemContractError } from '../../../src/core/items/contract';
import { withoutUndefined } from '../../../src/core/records';
import { describeStripeError } from '../../../src/stripe/errors';
import { errorItem } from '../../shared/errorItem';
import { recordAudit } from './audit';
import type { AuditFacts } from './audit';
import { guardButton, requireMatchingClick } from './clickGuard';
import { itemOf } from './common';
import type { ActionResult, OperationContext, OperationMeta, RunState, StripeOperation } from './operation';
import { reporterFor, voiceOf } from './reporters';
import type { OutcomeReport } from './reporters';
import { RESOURCES } from './resources';

function outcomeFacts(operation: OperationContext, meta: OperationMeta, succeeded: boolean, detail?: string) {
	return {
		action: meta.action,
		succeeded,
		detail,
		userId: operation.item.user?.id ?? undefined,
		at: new Date(),
		timeZone: operation.ctx.getTimezone(),
	};
}

/** The outcome line, worded for the platform the click came from (its trigger names it on the item). */
function outcomeOf(operation: OperationContext, meta: OperationMeta, succeeded: boolean, detail?: string) {
	const text = describeOutcome(outcomeFacts(operation, meta, succeeded, detail), voiceOf(operation.item));
	return { text, succeeded, detail: detail ?? null };
}

function wantsReport(operation: OperationContext, meta: OperationMeta): boolean {
	return (
		operation.ctx.getNodeParameter('reportOutcome', operation.itemIndex, true) === true &&
		reporterFor(operation.item)?.canReport(operation.item, meta.report) === true
	);
}

/** Writes the outcome back through the reporter of the platform the click came from (wantsReport checked it). */
async function reportTo(operation: OperationContext, report: OutcomeReport): Promise<string | undefined> {
	return await reporterFor(operation.item)?.report(operation, report);
}

async function succeeded(
	operation: OperationContext,
	name: string,
	meta: OperationMeta,
	done: ActionResult,
): Promise<IDataObject> {
	if (done.notDone) {
		return withoutUndefined({
			ok: false,
			operation: name,
			reason: done.notDone.reason,
			refused: done.notDone.refused,
			slackReportError: done.slackReportError,
		});
	}
	const outcome = outcomeOf(operation, meta, true, done.detail);
	let slackReportError = done.slackReportError;
	if (wantsReport(operation, meta)) {
		// A replayed click already wrote its thread reply; updating the message again is harmless, replying is not.
		slackReportError = await reportTo(operation, {
			mode: meta.report,
			outcomeText: outcome.text,
			threadText: done.threadText,
			skipThreadReply: done.replayed === true || done.threadReplyPosted === true,
			headline: resolvedHeadline(outcomeFacts(operation, meta, true, done.detail), voiceOf(operation.item)),
		});
	}
	return withoutUndefined({
		ok: true,
		operation: name,
		outcome,
		idempotencyKey: operation.idempotencyKey,
		replayed: done.replayed || undefined,
		url: done.url,
		result: done.result,
		slackReportError,
	});
}

function isReplayedError(error: Stripe.errors.StripeError): boolean {
	return (error.headers as Record<string, unknown> | undefined)?.['idempotent-replayed'] === 'true';
}

/**
 * A Stripe refusal: written back to Slack first (so the person who clicked sees why), then an error item with
 * Continue On Fail, else a NodeApiError with the hint. The secret key never appears: the description is scrubbed.
 */
async function failed(
	operation: OperationContext,
	name: string,
	meta: OperationMeta,
	error: Stripe.errors.StripeError,
): Promise<IDataObject> {
	const described = describeStripeError(error);
	const outcome = outcomeOf(operation, meta, false, described.code);
	let slackReportError: string | undefined;
	if (wantsReport(operation, meta)) {
		slackReportError = await reportTo(operation, {
			mode: meta.report,
			outcomeText: outcome.text,
			threadText: described.hint,
			skipThreadReply: isReplayedError(error),
		});
	} else if (meta.reportFailure) {
		slackReportError = await meta.reportFailure(operation, `${described.code}: ${described.message}`);
	}
	if (!operation.ctx.continueOnFail()) {
		const apiError = new NodeApiError(
			operation.ctx.getNode(),
			{ code: described.code, message: described.message } as JsonObject,
			{
				message: `Stripe refused: ${described.code} – ${described.message}`,
				description: described.hint,
				itemIndex: operation.itemIndex,
				httpCode: described.status ? String(described.status) : undefined,
			},
		);
		if (slackReportError) apiError.context.slackReportError = slackReportError;
		throw apiError;
	}
	const refusal = new NodeOperationError(operation.ctx.getNode(), `${described.code}: ${described.message}`, {
		description: described.hint,
		itemIndex: operation.itemIndex,
	});
	return errorItem(refusal, operation.itemIndex, {
		operation: name,
		outcome,
		idempotencyKey: operation.idempotencyKey,
		slackReportError,
	}).json;
}

/**
 * Errors raised by this node pass as they are; an item wired from the wrong node says how to connect it; anything
 * else is described without secrets.
 */
function toNodeError(operation: OperationContext, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ItemContractError) {
		return new NodeOperationError(operation.ctx.getNode(), error.message, {
			itemIndex: operation.itemIndex,
			description: error.hint,
		});
	}
	return new NodeOperationError(operation.ctx.getNode(), describeStripeError(error).message, {
		itemIndex: operation.itemIndex,
	});
}

/** The item's output, and what its audit record says (none for a repeated delivery of a click already recorded). */
interface OperationRun {
	json: IDataObject;
	audit?: AuditFacts;
}

/**
 * One item: the operation's result, or a Stripe refusal written back and described. Other errors propagate.
 * A click must be for this operation, and its button acts once: a later click is answered from the mark.
 */
async function runOperation(operation: OperationContext, name: string, step: StripeOperation): Promise<OperationRun> {
	const { meta } = step;
	const screened = meta.screen?.(operation);
	if (screened) {
		return {
			json: { ok: false, operation: name, ...screened },
			audit: { outcome: 'refused', reason: String(screened.reason ?? screened.refused ?? 'refused') },
		};
	}
	await requireMatchingClick(operation, meta);
	const guard = await guardButton(operation, meta);
	if (guard.refusal) {
		const audit: AuditFacts = { outcome: 'refused', reason: String(guard.refusal.reason) };
		return { json: { ...guard.refusal, operation: name }, audit: guard.repeatedDelivery ? undefined : audit };
	}
	let done: ActionResult;
	try {
		done = await step.execute.call(operation.ctx, operation.itemIndex, operation);
	} catch (error: unknown) {
		await guard.hold?.release();
		if (error instanceof Stripe.errors.StripeError) {
			const json = await failed(operation, name, meta, error);
			return { json, audit: { outcome: 'failed', reason: String(json.error) } };
		}
		throw toNodeError(operation, error);
	}
	let markError: string | undefined;
	if (done.notDone) await guard.hold?.release();
	else markError = await guard.hold?.complete();
	const json = withoutUndefined({ ...(await succeeded(operation, name, meta, done)), markError });
	if (done.notDone) return { json, audit: { outcome: 'refused', reason: done.notDone.reason } };
	return {
		json,
		audit: {
			outcome: 'done',
			detail: done.detail,
			result: done.result,
			money: done.money,
			replayed: done.replayed,
		},
	};
}

/** Writes the item's audit record; adds it to the output when the node says so, and a failed write always. */
async function withAudit(
	operation: OperationContext,
	step: { action: string; name: string },
	run: OperationRun,
): Promise<IDataObject> {
	if (!run.audit) return run.json;
	const { record, error } = await recordAudit(operation, step, run.audit);
	const wanted = operation.ctx.getNodeParameter('addAuditRecord', operation.itemIndex, false) === true;
	return withoutUndefined({
		...run.json,
		auditRecord: wanted ? (record as unknown as IDataObject) : undefined,
		auditError: error,
	});
}

/**
 * Runs the chosen operation for every item with `pairedItem` on every output. Stripe refusals are written back to
 * Slack and then fail the item (or, with Continue On Fail, become the package's error item `{ok: false, error,
 * hint}`); mistakes in the node's input stop the item before anything is sent.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const state: RunState = {};
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operationName = this.getNodeParameter('operation', itemIndex) as string;
		const chosen = RESOURCES[resource]?.[operationName];
		const name = `${resource}.${operationName}`;
		const operation: OperationContext = { ctx: this, itemIndex, item: {}, state };
		const step = { action: chosen?.meta.action ?? name, name };
		let json: IDataObject;
		try {
			if (!chosen) {
				throw new NodeOperationError(this.getNode(), `Unknown operation ${name}`, { itemIndex });
			}
			operation.item = itemOf(this, itemIndex);
			json = await withAudit(operation, step, await runOperation(operation, name, chosen));
		} catch (error: unknown) {
			const nodeError = toNodeError(operation, error);
			// Nothing was done: a click for another action is refused, anything else (Stripe's "no" included) failed.
			const outcome = nodeError.context.refusedClick === true ? 'refused' : 'failed';
			const failure = await withAudit(operation, step, {
				json: errorItem(nodeError, itemIndex, {
					operation: name,
					slackReportError: nodeError.context.slackReportError as string | undefined,
				}).json,
				audit: { outcome, reason: nodeError.message },
			});
			if (!this.continueOnFail()) {
				if (failure.auditError) nodeError.context.auditError = failure.auditError;
				throw nodeError;
			}
			json = failure;
		}
		output.push({ json, pairedItem: { item: itemIndex } });
	}
	return [output];
}
