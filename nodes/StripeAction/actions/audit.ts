import type { IDataObject } from 'n8n-workflow';

import { amountOfStripeObject, auditOnceKey, redactAuditRecord } from '../../../src/core/audit';
import type { AuditOutcome, AuditRecord, AuditSource } from '../../../src/core/audit';
import { appendAuditRecord } from '../../shared/audit';
import { storeOf } from './clickGuard';
import type { OperationContext } from './operation';

/**
 * The Stripe Action's part of the audit trail: one record per item it acts on (or refuses, or fails), written to
 * the state store's audit log after the outcome is known.
 */

/** What happened to the item, as far as the record needs it. */
export interface AuditFacts {
	outcome: AuditOutcome;
	reason?: string;
	detail?: string;
	result?: IDataObject;
	money?: { minor: number; currency: string };
	replayed?: boolean;
}

const SOURCES: Readonly<Record<string, AuditSource>> = {
	block_actions: 'button',
	button_click: 'button',
	view_submission: 'form',
	slash_command: 'command',
};

function sourceOf(operation: OperationContext): AuditSource {
	// n8n runs a node used by an AI agent as `<type>Tool`.
	if (operation.ctx.getNode().type.endsWith('Tool')) return 'ai_tool';
	return SOURCES[operation.item.kind ?? ''] ?? 'workflow';
}

function auditRecordOf(
	operation: OperationContext,
	step: { action: string; name: string },
	facts: AuditFacts,
): AuditRecord {
	const { item, ctx } = operation;
	const money = facts.money ?? amountOfStripeObject(facts.result);
	const objectId = item.target?.objectId ?? operation.objectId;
	const resultId = typeof facts.result?.id === 'string' ? facts.result.id : undefined;
	return {
		at: new Date().toISOString(),
		outcome: facts.outcome,
		action: step.action,
		operation: step.name,
		source: sourceOf(operation),
		workspaceId: item.teamId ?? undefined,
		channelId: item.channelId ?? item.target?.channelId ?? undefined,
		userId: item.user?.id ?? undefined,
		userName: item.user?.name ?? undefined,
		objectId: objectId ?? resultId,
		objectType: item.target?.objectType,
		resultId: resultId !== objectId ? resultId : undefined,
		amountMinor: money?.minor,
		currency: money?.currency,
		eventId: item.target?.eventId,
		request: item.kind === 'slash_command' ? `${item.command ?? ''} ${item.text ?? ''}`.trim() : undefined,
		reason: facts.reason,
		detail: facts.detail,
		idempotencyKey: operation.idempotencyKey,
		replayed: facts.replayed || undefined,
		livemode:
			item.target?.livemode ?? (typeof facts.result?.livemode === 'boolean' ? facts.result.livemode : undefined),
		messageLink: item.messageLink ?? undefined,
		workflowId: ctx.getWorkflow().id,
		executionId: ctx.getExecutionId(),
	};
}

/**
 * Writes the item's record; once per Slack request and operation, so a repeated delivery adds nothing. A store
 * that fails does not undo what Stripe did: the item says so in `auditError`.
 * @returns the record as stored (for "Add Audit Record to Output") and the write error, if any.
 */
export async function recordAudit(
	operation: OperationContext,
	step: { action: string; name: string },
	facts: AuditFacts,
): Promise<{ record: AuditRecord; error?: string }> {
	const record = auditRecordOf(operation, step, facts);
	const requestId = operation.item.requestId ?? undefined;
	try {
		const store = await storeOf(operation);
		await appendAuditRecord(store, record, requestId ? auditOnceKey(requestId, step.name) : undefined);
		return { record: redactAuditRecord(record) };
	} catch (error: unknown) {
		// A failed append keeps the store's own words (which store, what to check); n8n's error class rewrites them.
		const cause = error instanceof Error ? error.message : String(error);
		return { record: redactAuditRecord(record), error: `The audit record could not be written: ${cause}` };
	}
}
