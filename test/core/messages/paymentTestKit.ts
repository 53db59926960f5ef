import { readFileSync } from 'node:fs';
import path from 'node:path';

import { buildMessage } from '../../../src/core/buildMessage';
import type { ChatMessage, RenderOptions } from '../../../src/core/types';

/** 2026-03-11 00:00 UTC: the fixtures' dispute deadline (15 Mar, 23:59:59 UTC) is then "in 5 days". */
export const NOW = Date.UTC(2026, 2, 11);
export const ACTION_SECRET = 'test-action-secret-for-buttons';

const FIXTURES = path.resolve(__dirname, '../../fixtures/events');

export type EventJson = Record<string, unknown> & { data: { object: Record<string, unknown> } };

/** A fresh copy of one of our own fixtures, `<type>__<variant>`, safe to modify in a test. */
export function loadEvent(name: string): EventJson {
	return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as EventJson;
}

export function build(event: string | EventJson, options: RenderOptions = {}): ChatMessage {
	const input = typeof event === 'string' ? loadEvent(event) : event;
	return buildMessage(input, { actionSecret: ACTION_SECRET, now: () => NOW, ...options });
}

export function fieldMap(message: ChatMessage): Record<string, string> {
	return Object.fromEntries(message.fields.map((entry) => [entry.label, entry.value]));
}

export function linkMap(message: ChatMessage): Record<string, string> {
	return Object.fromEntries(message.links.map((entry) => [entry.label, entry.url]));
}

/** Every piece of text a renderer could show, to assert what must never appear. */
export function visibleText(message: ChatMessage): string {
	return [
		message.title,
		message.summary,
		...message.fields.flatMap((entry) => [entry.label, entry.value]),
		...message.links.flatMap((entry) => [entry.label, entry.url]),
		...message.actions.flatMap((action) => [action.label, action.confirm?.title, action.confirm?.text]),
	]
		.filter(Boolean)
		.join('\n');
}

export interface Expected {
	title: string;
	summary?: string;
	summaryContains?: string[];
	severity: ChatMessage['severity'];
	category: ChatMessage['category'];
	threadKey: string;
	amount?: { minor: number; currency: string; text: string } | null;
	fields?: Record<string, string>;
	absentFields?: string[];
	links?: Record<string, string>;
	actions?: Array<{ id: string; style?: 'primary' | 'danger'; objectId: string; objectType: string }>;
}

/** The checks every curated message case shares; cases list only what they expect. */
export function expectMessage(message: ChatMessage, expected: Expected): void {
	expect(message.kind).toBe(message.eventType);
	expect(message.title).toBe(expected.title);
	if (expected.summary !== undefined) expect(message.summary).toBe(expected.summary);
	for (const part of expected.summaryContains ?? []) expect(message.summary).toContain(part);
	expect(message.severity).toBe(expected.severity);
	expect(message.category).toBe(expected.category);
	expect(message.threadKey).toBe(expected.threadKey);
	if (expected.amount === null) expect(message.amount).toBeUndefined();
	else if (expected.amount) expect(message.amount).toEqual(expected.amount);
	const fields = fieldMap(message);
	if (expected.fields) expect(fields).toMatchObject(expected.fields);
	for (const label of expected.absentFields ?? []) expect(fields).not.toHaveProperty([label]);
	if (expected.links) expect(linkMap(message)).toMatchObject(expected.links);
	if (expected.actions) {
		expect(
			message.actions.map((action) => ({
				id: action.id,
				style: action.style,
				objectId: action.ref.objectId,
				objectType: action.ref.objectType,
			})),
		).toEqual(expected.actions.map((action) => ({ style: undefined, ...action })));
		for (const action of message.actions) expect(action.value).toMatch(/^v1\./);
	}
	expect(message.fields.length).toBeLessThanOrEqual(10);
	expect(message.title.length).toBeLessThanOrEqual(80);
	expect(message.summary.length).toBeLessThanOrEqual(200);
}
