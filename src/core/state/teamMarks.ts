import type { StateStore } from './stateStore';

/**
 * Who works an alert, kept where every execution sees it (docs/ARCHITECTURE.md, "State"). Each mark is set once
 * (set-if-absent), so of two clicks at the same moment exactly one wins and the other is told who did:
 * - `owner:<channel>:<object>`: who took the alert ("Take it");
 * - `escalated:<channel>:<object>`: who escalated it and to which group (one mention in the thread);
 * - `ticket:<channel>:<object>`: who asked for a ticket (one ticket per alert).
 * A mark whose effect failed (Slack refused the mention) is given back, compare-and-delete, so it can be tried again.
 */

export type TeamMarkKind = 'owner' | 'escalated' | 'ticket';

/** Kept as long as an "already done" mark: at least as long as a button is valid. */
export const TEAM_MARK_KEEP_MS = 400 * 24 * 3_600_000;

export interface TeamMark {
	userId?: string;
	userName?: string;
	/** ISO 8601. */
	at: string;
	/** The Slack request that set it, so Slack delivering that request again is not taken for another click. */
	requestId?: string;
	/** What the mark is about beyond who and when, e.g. the group an alert was escalated to. */
	detail?: string;
}

export interface TeamMarkInput {
	store: StateStore;
	kind: TeamMarkKind;
	/** The channel the alert was posted in: the same object alerted in two channels is worked in each. */
	channelId: string;
	objectId: string;
	mark: Omit<TeamMark, 'at'>;
	now?: () => number;
}

export type TeamMarkResult =
	| { status: 'set'; key: string; value: string }
	| { status: 'taken'; key: string; mark: TeamMark; sameRequest: boolean };

export function teamMarkKey(kind: TeamMarkKind, channelId: string, objectId: string): string {
	return `${kind}:${channelId}:${objectId}`;
}

function decode(value: string): TeamMark {
	try {
		const parsed = JSON.parse(value) as Partial<TeamMark>;
		if (typeof parsed.at === 'string') return parsed as TeamMark;
	} catch {
		// An unreadable mark still counts as taken: refusing is the safe reading.
	}
	return { at: new Date(0).toISOString() };
}

/** Sets the mark unless someone set it first; then says who and when. */
export async function setTeamMark(input: TeamMarkInput): Promise<TeamMarkResult> {
	const key = teamMarkKey(input.kind, input.channelId, input.objectId);
	const value = JSON.stringify({ ...input.mark, at: new Date((input.now ?? Date.now)()).toISOString() });
	const existing = await input.store.putIfAbsent(key, value, TEAM_MARK_KEEP_MS);
	if (existing === undefined) return { status: 'set', key, value };
	const mark = decode(existing);
	const sameRequest = input.mark.requestId !== undefined && mark.requestId === input.mark.requestId;
	return { status: 'taken', key, mark, sameRequest };
}

/** Gives a mark back when what it stands for did not happen (only the very mark that was set). */
export async function releaseTeamMark(
	store: StateStore,
	set: Extract<TeamMarkResult, { status: 'set' }>,
): Promise<void> {
	await store.deleteIfEquals(set.key, set.value);
}

/** The mark, if any: e.g. a scheduled check for alerts nobody took. */
export async function readTeamMark(
	store: StateStore,
	kind: TeamMarkKind,
	channelId: string,
	objectId: string,
): Promise<TeamMark | undefined> {
	const value = await store.get(teamMarkKey(kind, channelId, objectId));
	return value === undefined ? undefined : decode(value);
}
