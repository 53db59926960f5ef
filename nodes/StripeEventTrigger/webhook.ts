import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { createStripeClient, parseSigningSecrets, parseStripeCredential } from '../../src/stripe/client';
import { decideStripeDelivery, type RelatedObjectReference } from '../../src/triggers/stripeEvent';
import { readRawBody } from '../shared/rawBody';
import { STRIPE_CREDENTIAL } from '../shared/stripeCredential';
import { readDeliverySettings } from '../shared/stripeEventTriggerParameters';
import { rejectedDeliveryItem } from './rejectedDeliveries';
import { endpointRecords } from './webhookMethods';

/**
 * The Stripe Event Trigger's `webhook()`: gathers the request, the settings and the known signing secrets, lets
 * `decideStripeDelivery` (src/triggers/stripeEvent.ts) decide, and writes the answer.
 *
 * The credential is read only when it is needed: in a trigger's webhook, n8n resolves a credential in an expression
 * sandbox of its own, which costs about a third of a delivery's time. A delivery to an endpoint this trigger
 * registered is verified with the endpoint's signing secret kept at registration (webhookMethods.ts); the
 * credential's secrets are added when that does not verify (a rotated secret, an endpoint managed by hand) and for
 * the rare paths that need the API key.
 */

function knownSecrets(staticData: IDataObject, credentialSecrets: string[]): string[] {
	const stored = Object.values(endpointRecords(staticData))
		.map((record) => record.secret)
		.filter((secret): secret is string => typeof secret === 'string' && secret !== '');
	return [...new Set([...stored, ...credentialSecrets])];
}

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	let credentialData: ICredentialDataDecryptedObject | undefined;
	const credential = async (): Promise<ICredentialDataDecryptedObject> =>
		(credentialData ??= await this.getCredentials<ICredentialDataDecryptedObject>(STRIPE_CREDENTIAL));
	const fetchRelatedObject = async (related: RelatedObjectReference) => {
		const stripe = createStripeClient(parseStripeCredential(await credential()), { maxNetworkRetries: 1 });
		if (!/^\/v[12]\//.test(related.url)) throw new Error(`unexpected object URL ${related.url}`);
		return (await stripe.rawRequest('GET', related.url, undefined, {
			...(related.account ? { stripeAccount: related.account } : {}),
		})) as unknown;
	};
	const delivery = {
		rawBody: await readRawBody(this),
		headers: this.getHeaderData() as Record<string, string | string[] | undefined>,
		settings: readDeliverySettings(this),
		fetchRelatedObject,
	};
	const staticData = this.getWorkflowStaticData('node');
	const registeredSecrets = knownSecrets(staticData, []);
	let outcome =
		registeredSecrets.length > 0 ? await decideStripeDelivery({ ...delivery, secrets: registeredSecrets }) : undefined;
	if (!outcome || outcome.action === 'reject') {
		const credentialSecrets = parseSigningSecrets((await credential()).signingSecrets);
		outcome = await decideStripeDelivery({ ...delivery, secrets: knownSecrets(staticData, credentialSecrets) });
	}

	const reportRejections = this.getNodeParameter('rejectedDeliveries', false) === true;
	if (outcome.action === 'reject') {
		const log = outcome.reason === 'no_secret' ? this.logger.error : this.logger.warn;
		log.call(this.logger, `Stripe Event Trigger refused a request (${outcome.reason}): ${outcome.message}`);
		this.getResponseObject().status(outcome.status).json({ received: false, error: outcome.reason });
		const livemode = /^(sk|rk)_live_/.test(String((await credential()).secretKey ?? ''));
		const item = reportRejections ? await rejectedDeliveryItem(this, outcome, livemode) : undefined;
		// Already answered: the workflow runs only for the "Rejected Deliveries" output.
		return item ? { noWebhookResponse: true, workflowData: [[], [item]] } : { noWebhookResponse: true };
	}
	if (outcome.action === 'ignore') {
		return { webhookResponse: { received: true, ignored: outcome.reason } };
	}
	const accepted = [{ json: outcome.output as IDataObject }];
	return { workflowData: reportRejections ? [accepted, []] : [accepted] };
}
