import { printable } from '../foldText';
import type { ChatMessage } from '../types';

const SEVERITY_LABEL = { critical: '[CRITICAL]', warning: '[WARNING]', success: '[OK]', info: '[INFO]' } as const;

/** Plain text for terminals, e-mail or logs: no markup to escape, and no control characters to act on a terminal. */
export function renderText(message: ChatMessage): string {
	const lines = [`${SEVERITY_LABEL[message.severity]} ${message.title}`, message.summary];
	if (message.fields.length > 0) {
		lines.push('');
		for (const item of message.fields) lines.push(`${item.label}: ${item.value}`);
	}
	if (message.links.length > 0) {
		lines.push('');
		for (const link of message.links) lines.push(`${link.label}: ${link.url}`);
	}
	if (message.actions.length > 0) {
		lines.push('', `Actions: ${message.actions.map((action) => action.label).join(', ')}`);
	}
	const footer = [message.livemode ? 'Live mode' : 'Test mode', message.account, `${message.eventType} ${message.eventId}`];
	if (message.redactionPolicy === 'off') footer.push('Redaction is off');
	else if (message.redactions.length > 0) {
		footer.push(`Redacted (${message.redactionPolicy}): ${[...new Set(message.redactions.map((r) => r.kind))].join(', ')}`);
	}
	lines.push('', footer.filter(Boolean).join(' · '));
	return printable(lines.join('\n'));
}
