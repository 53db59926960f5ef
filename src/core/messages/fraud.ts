import { idOf } from '../normalize';
import { isRecord } from '../records';
import type { MessageBuilder } from './context';
import { field, humanize } from './context';
import { chargeMethodLabel, paymentThreadKey, sentence, titled, topFields } from './payment';

const REVIEW_REASONS: Readonly<Record<string, string>> = {
	rule: 'Radar rule',
	manual: 'Placed in review by a person',
	refunded_as_fraud: 'Refunded as fraud',
};

/**
 * `radar.early_fraud_warning.created`: the card network says a payment is likely fraud. Refunding an actionable
 * warning now avoids the dispute (and its fee) that usually follows.
 * @see https://docs.stripe.com/disputes/how-disputes-work#early-fraud-warnings
 * @see https://docs.stripe.com/api/radar/early_fraud_warnings/object
 */
const earlyFraudWarningMessage: MessageBuilder = (context) => {
	const { object: warning } = context;
	const charge = isRecord(warning.charge) ? warning.charge : undefined;
	const chargeId = idOf(warning.charge);
	const paymentIntentId = idOf(warning.payment_intent) ?? idOf(charge?.payment_intent);
	const fraudType = humanize(warning.fraud_type);
	const actionable = warning.actionable === true;
	const amount = charge ? context.amount(charge.amount, charge.currency) : undefined;
	const method = charge ? chargeMethodLabel(charge) : undefined;
	return {
		category: 'dispute',
		severity: 'critical',
		title: amount || !fraudType ? titled('Early fraud warning', amount) : `Early fraud warning: ${fraudType}`,
		summary: sentence(
			`The card issuer reports likely fraud${fraudType ? ` (${fraudType.toLowerCase()})` : ''}`,
			actionable
				? 'refund now to avoid a dispute and its fee'
				: 'not actionable: the payment is already refunded or disputed',
		),
		fields: topFields([
			field('Amount', amount?.text),
			field('Fraud type', fraudType),
			field('Actionable', actionable ? 'Yes' : 'No'),
			field('Charge', chargeId),
			field('Payment intent', paymentIntentId),
			field('Payment method', method),
		]),
		links: [
			chargeId
				? context.link('Open payment', 'charge', chargeId)
				: context.link('Open payment', 'payment_intent', paymentIntentId),
		],
		actions:
			actionable && chargeId
				? [
						{
							id: 'refund.create',
							label: 'Refund to avoid dispute',
							style: 'danger',
							objectId: chargeId,
							objectType: 'charge',
							confirm: {
								title: 'Refund this payment?',
								text: `Refunds ${amount?.text ?? 'the full amount'} of charge ${chargeId}. A refunded payment cannot be disputed any more; this cannot be undone.`,
								confirm: 'Refund',
								deny: 'Cancel',
							},
						},
					]
				: [],
		threadKey: paymentThreadKey(paymentIntentId, chargeId),
		amount,
	};
};

/**
 * `review.opened`: Radar (or a person) held a payment for manual review; it is not captured or paid out until
 * someone approves or refunds it in the Dashboard.
 * @see https://docs.stripe.com/api/radar/reviews/object
 * @see https://docs.stripe.com/radar/reviews
 */
const reviewOpenedMessage: MessageBuilder = (context) => {
	const { object: review } = context;
	const chargeId = idOf(review.charge);
	const paymentIntentId = idOf(review.payment_intent);
	const reasonCode = typeof review.reason === 'string' ? review.reason : undefined;
	const reason = reasonCode ? (REVIEW_REASONS[reasonCode] ?? humanize(reasonCode)) : undefined;
	const opened = typeof review.opened_reason === 'string' ? humanize(review.opened_reason) : undefined;
	return {
		category: 'other',
		severity: 'warning',
		title: 'Payment held for review',
		summary: sentence(
			`Radar held ${chargeId ?? paymentIntentId ?? 'a payment'} for review`,
			reason,
			'approve or refund it in the Dashboard',
		),
		fields: topFields([
			field('Reason', reason),
			field('Opened by', opened),
			field('Charge', chargeId),
			field('Payment intent', paymentIntentId),
		]),
		links: [
			chargeId
				? context.link('Open payment', 'charge', chargeId)
				: context.link('Open payment', 'payment_intent', paymentIntentId),
		],
		threadKey: paymentThreadKey(paymentIntentId, chargeId),
	};
};

/** Curated messages for Radar: early fraud warnings and manual reviews. */
export const FRAUD_BUILDERS: Readonly<Record<string, MessageBuilder>> = {
	'radar.early_fraud_warning.created': earlyFraudWarningMessage,
	'review.opened': reviewOpenedMessage,
};
