/**
 * Sends Stripe events to a webhook URL the way Stripe delivers them: the exact JSON bytes, signed in
 * `Stripe-Signature` with a fresh timestamp on every attempt, and sent again after a back-off whenever an attempt
 * did not get a 2xx answer (timeout, connection reset or refused, any non-2xx status), until it does or a bound is
 * reached. Every attempt is recorded, so a test can say how many redeliveries a fault cost and a benchmark can read
 * acknowledgement times.
 *
 * Concurrency is the number of requests in flight at once (Stripe's own parallelism towards one endpoint); a
 * delivery waiting for its back-off does not hold a slot. The same event given twice is delivered twice, as
 * Stripe sometimes does.
 * @see https://docs.stripe.com/webhooks#retries
 * @see https://docs.stripe.com/webhooks#verify-official-libraries
 */
import Stripe from 'stripe';

const signer = new Stripe('sk_test_signatureHelperOnly');

export interface DeliveryAttempt {
	/** Index of the delivery in the list given to `sendLikeStripe`. */
	delivery: number;
	eventId: string;
	/** 1 for the first attempt. */
	attempt: number;
	/** ms since epoch when the request was sent. */
	startedAt: number;
	/** Time until the answer (or the failure) arrived. */
	durationMs: number;
	/** HTTP status, or 0 when no answer came (timeout, connection reset or refused). */
	status: number;
	/** Why no answer came, or the first bytes of a non-2xx answer. */
	error?: string;
	/**
	 * A 2xx that n8n answered itself while starting, before it ran anything: its "n8n is starting up. Please wait"
	 * page (n8n's `abstract-server`, between connecting to its database and finishing its migrations). Stripe takes
	 * it as delivered, as this sender does.
	 */
	n8nStartingUp?: true;
}

export interface DeliveryOutcome {
	delivery: number;
	eventId: string;
	delivered: boolean;
	attempts: DeliveryAttempt[];
}

export interface SendReport {
	outcomes: DeliveryOutcome[];
	/** Every attempt, in the order they finished. */
	attempts: DeliveryAttempt[];
	delivered: number;
	/** Deliveries that never got a 2xx within the bounds: Stripe would go on trying for up to 3 days. */
	undelivered: DeliveryOutcome[];
	/** Deliveries that needed more than one attempt. */
	redelivered: DeliveryOutcome[];
	/** Attempts by answer: `200`, `500`, `0` (no answer), … */
	statusCounts: Record<string, number>;
	startedAt: number;
	wallMs: number;
}

export interface SendOptions {
	/** The endpoint; a function when it can change between attempts. */
	url: string | (() => string);
	/** The endpoint's signing secret (`whsec_…`). */
	secret: string | (() => string);
	/** Requests in flight at once. */
	concurrency: number;
	/** How long one attempt may take before it counts as failed (Stripe gives up on a slow endpoint). */
	attemptTimeoutMs?: number;
	/** Wait before attempt n+1 after n failed attempts; default 1 s, 2 s, 4 s, … capped at 15 s. */
	backoffMs?: (failedAttempts: number) => number;
	/** Attempts per delivery at most (default 30). */
	maxAttempts?: number;
	/** No attempt starts later than this long after the first one (default 6 minutes). */
	deadlineMs?: number;
	/**
	 * Makes each event as Stripe does, right before it is first delivered: its `created` becomes the time of the first
	 * attempt, and the event is handed here (e.g. to a fake Stripe, so its events list shows it from then on).
	 */
	onCreate?: (event: Record<string, unknown>) => void;
	/** Called after every attempt, e.g. to start a fault once a burst is under way. */
	onAttempt?: (attempt: DeliveryAttempt, report: { finishedAttempts: number; delivered: number }) => void;
}

export const defaultBackoff = (failedAttempts: number): number => Math.min(1_000 * 2 ** (failedAttempts - 1), 15_000);

/** The exact bytes Stripe sends for an event (pretty-printed JSON). */
export function stripeEventPayload(event: Record<string, unknown>): string {
	return JSON.stringify(event, null, 2);
}

/** A `Stripe-Signature` header, made by the official SDK over the exact payload. */
export function signStripePayload(payload: string, secret: string): string {
	return signer.webhooks.generateTestHeaderString({ payload, secret });
}

const N8N_STARTING_UP_PAGE = 'n8n is starting up';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function attemptOnce(
	url: string,
	payload: string,
	secret: string,
	timeoutMs: number,
): Promise<{ status: number; error?: string; n8nStartingUp?: true }> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json; charset=utf-8',
				'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
				'stripe-signature': signStripePayload(payload, secret),
			},
			body: payload,
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await response.text();
		if (!response.ok) return { status: response.status, error: text.slice(0, 200) };
		return text.startsWith(N8N_STARTING_UP_PAGE)
			? { status: response.status, n8nStartingUp: true }
			: { status: response.status };
	} catch (error: unknown) {
		const cause = (error as { cause?: { code?: string } }).cause?.code;
		const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		return { status: 0, error: cause ? `${message} (${cause})` : message };
	}
}

/** Delivers every event (in list order, `concurrency` at a time) and resolves once each one succeeded or gave up. */
export async function sendLikeStripe(
	events: Array<Record<string, unknown>>,
	options: SendOptions,
): Promise<SendReport> {
	const attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
	const backoff = options.backoffMs ?? defaultBackoff;
	const maxAttempts = options.maxAttempts ?? 30;
	const startedAt = Date.now();
	const deadline = startedAt + (options.deadlineMs ?? 6 * 60_000);
	const resolve = <T>(value: T | (() => T)): T => (typeof value === 'function' ? (value as () => T)() : value);

	const outcomes: DeliveryOutcome[] = events.map((event, delivery) => ({
		delivery,
		eventId: String(event.id),
		delivered: false,
		attempts: [],
	}));
	const payloads = events.map(stripeEventPayload);
	const allAttempts: DeliveryAttempt[] = [];
	/** Deliveries waiting for their turn, with the time they may be sent (first attempts: now, in list order). */
	const pending: Array<{ delivery: number; readyAt: number }> = outcomes.map((outcome) => ({
		delivery: outcome.delivery,
		readyAt: startedAt,
	}));
	let inFlight = 0;
	let delivered = 0;

	const takeReady = (): number | undefined => {
		const now = Date.now();
		let best = -1;
		for (let index = 0; index < pending.length; index++) {
			if (pending[index].readyAt > now) continue;
			if (best === -1 || pending[index].readyAt < pending[best].readyAt) best = index;
		}
		return best === -1 ? undefined : pending.splice(best, 1)[0].delivery;
	};

	const lane = async (): Promise<void> => {
		for (;;) {
			const delivery = takeReady();
			if (delivery === undefined) {
				// Nothing ready: done when nothing waits and nothing is in flight that could be retried.
				if (pending.length === 0 && inFlight === 0) return;
				const nextReady = pending.length > 0 ? Math.min(...pending.map((entry) => entry.readyAt)) : Date.now() + 50;
				await sleep(Math.max(10, Math.min(nextReady - Date.now(), 250)));
				continue;
			}
			const outcome = outcomes[delivery];
			if (options.onCreate && outcome.attempts.length === 0) {
				const created = { ...events[delivery], created: Math.floor(Date.now() / 1000) };
				payloads[delivery] = stripeEventPayload(created);
				options.onCreate(created);
			}
			inFlight += 1;
			const attemptStartedAt = Date.now();
			const result = await attemptOnce(
				resolve(options.url),
				payloads[delivery],
				resolve(options.secret),
				attemptTimeoutMs,
			);
			inFlight -= 1;
			const attempt: DeliveryAttempt = {
				delivery,
				eventId: outcome.eventId,
				attempt: outcome.attempts.length + 1,
				startedAt: attemptStartedAt,
				durationMs: Date.now() - attemptStartedAt,
				status: result.status,
				...(result.error === undefined ? {} : { error: result.error }),
				...(result.n8nStartingUp ? { n8nStartingUp: true as const } : {}),
			};
			outcome.attempts.push(attempt);
			allAttempts.push(attempt);
			if (result.status >= 200 && result.status < 300) {
				outcome.delivered = true;
				delivered += 1;
			} else {
				const readyAt = Date.now() + backoff(outcome.attempts.length);
				if (outcome.attempts.length < maxAttempts && readyAt <= deadline) pending.push({ delivery, readyAt });
			}
			options.onAttempt?.(attempt, { finishedAttempts: allAttempts.length, delivered });
		}
	};

	await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));

	const statusCounts: Record<string, number> = {};
	for (const attempt of allAttempts) statusCounts[attempt.status] = (statusCounts[attempt.status] ?? 0) + 1;
	return {
		outcomes,
		attempts: allAttempts,
		delivered,
		undelivered: outcomes.filter((outcome) => !outcome.delivered),
		redelivered: outcomes.filter((outcome) => outcome.attempts.length > 1),
		statusCounts,
		startedAt,
		wallMs: Date.now() - startedAt,
	};
}

/** The p-th percentile (0–100) of `values` (nearest rank); NaN for none. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
	return sorted[rank - 1];
}

/** One line about a report, for test failure messages and logs. */
export function describeReport(report: SendReport): string {
	const sample = report.undelivered
		.slice(0, 3)
		.map((outcome) => `${outcome.eventId}: ${outcome.attempts.map((a) => a.error ?? a.status).join(' | ')}`);
	const acks = report.attempts
		.filter((attempt) => attempt.status >= 200 && attempt.status < 300)
		.map((a) => a.durationMs);
	const latency =
		acks.length > 0
			? `; 2xx answers p50 ${percentile(acks, 50)} ms, p95 ${percentile(acks, 95)} ms, max ${Math.max(...acks)} ms`
			: '';
	return (
		`${report.outcomes.length} deliveries, ${report.delivered} delivered, ${report.undelivered.length} undelivered, ` +
		`${report.redelivered.length} needed more than one attempt, ${report.attempts.length} attempts ` +
		`${JSON.stringify(report.statusCounts)} in ${(report.wallMs / 1000).toFixed(1)} s${latency}` +
		(sample.length > 0 ? `; undelivered e.g. ${sample.join('; ')}` : '')
	);
}
