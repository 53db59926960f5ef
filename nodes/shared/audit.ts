import { DEFAULT_AUDIT_RETENTION_DAYS, writeAuditRecord } from '../../src/core/audit';
import type { AuditRecord } from '../../src/core/audit';
import type { StateStore } from '../../src/core/state/stateStore';

/**
 * How many days the audit log keeps its records: one setting for the whole n8n instance, because the log is one
 * (every node appends to it, and a Redis stream is trimmed by one age), read like the store's other settings.
 */
export const AUDIT_RETENTION_ENV = 'STRIPE_CHAT_CHANNEL_AUDIT_RETENTION_DAYS';

export function auditRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
	const days = Number(env[AUDIT_RETENTION_ENV]);
	return Number.isFinite(days) && days > 0 ? days : DEFAULT_AUDIT_RETENTION_DAYS;
}

/** Appends the record with the instance's retention; once per `onceKey` when one is given. */
export async function appendAuditRecord(store: StateStore, record: AuditRecord, onceKey?: string): Promise<boolean> {
	return await writeAuditRecord(store, record, { retentionDays: auditRetentionDays(), onceKey });
}
