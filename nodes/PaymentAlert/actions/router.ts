import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { firstOfEachKey } from '../../../src/core/batch';
import { STRIPE_EVENT_ITEM } from '../../../src/core/items/stripeEvent';
import { ItemContractError, readItem } from '../../../src/core/items/contract';
import type { EventClaimFields } from '../../../src/core/items/paymentAlert';
import { normalizeEvent } from '../../../src/core/normalize';
import type { NormalizedEvent } from '../../../src/core/normalize';
import { claimEvent, eventClaimScope } from '../../../src/core/state/eventClaims';
import type { AlertCategory } from '../../../src/core/types';
import { errorItem } from '../../shared/errorItem';
import { finishEvents } from '../../shared/eventClaims';
import { openNodeStateStore, stateStoreFailure } from '../../shared/stateStore';
import { CATEGORY_BRANCHES } from '../description';
import * as build from './alert/build.operation';
import type { AlertRun } from './alert/build.operation';
import { readButtonSigningSecret } from './alert/buttons';
import { customerMetadataLookup } from './alert/customerContacts';
import { declineReasonLookup } from './alert/declineReasons';
import { readAlertSettings } from './alert/settings';

const EVENT_FIELD_HINT =
	"Set 'Event Field' to the field that holds the Stripe event (e.g. body), or leave it empty when the item is the event.";

function readEvent(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number, field: string): unknown {
	if (!field) return item.json;
	let value: unknown = item.json;
	for (const key of field.split('.')) {
		value = value !== null && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
	}
	if (value === undefined) {
		throw new NodeOperationError(context.getNode(), `This item has no field "${field}"`, {
			itemIndex,
			description: EVENT_FIELD_HINT,
		});
	}
	return value;
}

/** The Stripe event of an item: normalised (its own words for what is wrong), then checked against the contract. */
function parseEvent(context: IExecuteFunctions, itemIndex: number): { raw: unknown; event: NormalizedEvent } {
	const item = context.getInputData()[itemIndex];
	// A recovered event (Stripe Webhook Health) is the item itself, wherever Event Field points for live deliveries.
	const field =
		item.json.recovered === true ? '' : (context.getNodeParameter('eventField', itemIndex, '') as string).trim();
	const raw = readEvent(context, item, itemIndex, field);
	try {
		const event = normalizeEvent(raw);
		return { raw: readItem(raw, STRIPE_EVENT_ITEM, 'Payment Alert'), event };
	} catch (error: unknown) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			itemIndex,
			description: error instanceof ItemContractError ? `${error.hint} ${EVENT_FIELD_HINT}` : EVENT_FIELD_HINT,
		});
	}
}

interface Parsed {
	itemIndex: number;
	raw: unknown;
	event: NormalizedEvent;
}

/**
 * Payment Alert's run: reads the settings once, parses every item's event, claims the events (one claim per event,
 * also within the batch), then builds each alert (./alert/build.operation.ts) onto the branch of its category.
 * A failed item stops the node after giving back every claim, or with "Continue On Fail" becomes an error item
 * (nodes/shared/errorItem.ts) on the first output, its claim given back. (docs/ARCHITECTURE.md, "At-least-once
 * ingestion, exactly-once alerts")
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const settings = readAlertSettings(this);
	const outputs: INodeExecutionData[][] = settings.outputBranches ? CATEGORY_BRANCHES.map(() => []) : [[]];
	const outputFor = (category: AlertCategory) =>
		settings.outputBranches
			? outputs[CATEGORY_BRANCHES.findIndex((branch) => branch.category === category)]
			: outputs[0];
	const store = settings.deduplicate || settings.burst ? await openNodeStateStore(this) : undefined;
	const run: AlertRun = {
		settings,
		buttonSecret: await readButtonSigningSecret(this, settings.platform),
		store,
		scope: eventClaimScope(this.getWorkflow().id ?? 'workflow', settings.platform.id),
		duplicates: new Set(),
		claims: new Map(),
		declineReasons: settings.lookUpDeclineReasons ? await declineReasonLookup(this) : undefined,
		customerContacts: settings.lookUpLastContact ? await customerMetadataLookup(this) : undefined,
	};
	const token = `${this.getExecutionId() ?? 'run'}:${randomUUID()}`;

	const parsed: Parsed[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
		try {
			parsed.push({ itemIndex, ...parseEvent(this, itemIndex) });
		} catch (error: unknown) {
			const failure =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex, description: EVENT_FIELD_HINT });
			if (!this.continueOnFail()) throw failure;
			outputs[0].push(errorItem(failure, itemIndex));
		}
	}

	const failed = new Set<number>();
	if (store && settings.deduplicate) {
		const firstInBatch = new Set(firstOfEachKey(parsed, ({ event }) => event.id));
		for (const entry of parsed) {
			const { itemIndex, event } = entry;
			if (!firstInBatch.has(entry)) {
				run.duplicates.add(itemIndex);
				continue;
			}
			try {
				const claim = await claimEvent({
					store,
					scope: run.scope,
					eventId: event.id,
					token,
					timing: { leaseMs: settings.leaseMs },
				});
				if (claim.status === 'claimed') run.claims.set(itemIndex, { key: claim.key, token, store: store.kind });
				else if (claim.status === 'duplicate') run.duplicates.add(itemIndex);
				else {
					throw new NodeOperationError(
						this.getNode(),
						`Event ${event.id} is still being handled by another execution`,
						{
							itemIndex,
							description:
								'Stripe delivered it again while the first delivery was still running. This run ends with an error so that Stripe delivers the event once more later; by then the first run has posted it or given it back.',
						},
					);
				}
			} catch (error: unknown) {
				const failure = error instanceof NodeOperationError ? error : stateStoreFailure(this, error, itemIndex);
				if (!this.continueOnFail()) {
					await finishEvents(this, store, [...run.claims.values()], 'release', 'the alerts were not built');
					throw failure;
				}
				failed.add(itemIndex);
				outputs[0].push(errorItem(failure, itemIndex));
			}
		}
	}

	const claimsOf = (entries: Parsed[]): EventClaimFields[] =>
		entries.flatMap(({ itemIndex }) => run.claims.get(itemIndex) ?? []);
	for (const entry of parsed) {
		if (failed.has(entry.itemIndex)) continue;
		try {
			const alert = await build.execute.call(this, entry.itemIndex, run, entry.raw, entry.event);
			outputFor(alert.message.category).push({
				json: alert as unknown as IDataObject,
				pairedItem: { item: entry.itemIndex },
			});
		} catch (error: unknown) {
			if (!this.continueOnFail()) {
				// The node stops, so none of its alerts go out, not even those built before this one: give every claim back.
				if (store) await finishEvents(this, store, claimsOf(parsed), 'release', 'the alerts were not built');
				throw error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: entry.itemIndex });
			}
			if (store) await finishEvents(this, store, claimsOf([entry]), 'release', 'the alert was not built');
			outputs[0].push(errorItem(error, entry.itemIndex));
		}
	}
	return outputs;
}
