import { declineAdvice, explainDecline, failureCodeText } from '../../src/core/declines';

const RETRYING = { retryScheduled: true };
const NOT_RETRYING = { retryScheduled: false };

describe('decline classification', () => {
	it.each([
		// Soft: the bank may approve a later attempt.
		['insufficient_funds', 'soft', 'Insufficient funds'],
		['processing_error', 'soft', 'Processing error at the bank or Stripe'],
		['try_again_later', 'soft', 'The bank asked to try again later'],
		['do_not_honor', 'soft', 'The bank declined without giving a reason'],
		['generic_decline', 'soft', 'The bank declined without giving a reason'],
		['reenter_transaction', 'soft', 'The bank could not process it this time'],
		['issuer_not_available', 'soft', 'The bank could not be reached'],
		['card_velocity_exceeded', 'soft', 'Card balance or credit limit reached'],
		// Hard: the same card is declined again.
		['lost_card', 'hard', 'Card reported lost'],
		['stolen_card', 'hard', 'Card reported stolen'],
		['pickup_card', 'hard', 'The bank asked to retain the card (likely lost or stolen)'],
		['expired_card', 'hard', 'Card expired'],
		['incorrect_number', 'hard', 'Incorrect card number'],
		['incorrect_cvc', 'hard', 'Incorrect security code (CVC)'],
		['fraudulent', 'hard', 'The bank suspects fraud'],
		['do_not_try_again', 'hard', 'The bank asked not to retry'],
		['revocation_of_authorization', 'hard', 'The customer revoked this recurring payment at their bank'],
		['authentication_required', 'hard', 'The bank asks the customer to authenticate (3-D Secure)'],
	])('%s is a %s decline: %s', (declineCode, declineClass, reason) => {
		expect(explainDecline({ code: 'card_declined', declineCode }, RETRYING)).toMatchObject({
			code: declineCode,
			declineClass,
			reason,
		});
	});

	it.each([
		['insufficient_funds', "Wait for Stripe's next retry", 'Ask the customer to top up'],
		['processing_error', "Wait for Stripe's next retry", 'A later retry may succeed'],
		['try_again_later', "Wait for Stripe's next retry", 'A later retry may succeed'],
	])('soft %s: waits for Stripe while it retries, else says a retry may succeed', (declineCode, retrying, other) => {
		expect(explainDecline({ declineCode }, RETRYING)?.advice).toMatch(new RegExp(`^${retrying}`));
		expect(explainDecline({ declineCode }, NOT_RETRYING)?.advice).toMatch(new RegExp(`^${other}`));
	});

	it.each([
		['lost_card', 'Do not retry this card: ask the customer to pay with another card.'],
		['stolen_card', 'Do not retry this card: ask the customer to pay with another card.'],
		['expired_card', 'Ask the customer to update the card: its expiry date has passed.'],
		['incorrect_number', 'Ask the customer to update the card details; retrying the same details fails again.'],
		['fraudulent', 'Do not retry: check the payment for fraud before asking for another card.'],
	])('hard %s: the same advice whether or not Stripe retries', (declineCode, advice) => {
		expect(explainDecline({ declineCode }, RETRYING)?.advice).toBe(advice);
		expect(explainDecline({ declineCode }, NOT_RETRYING)?.advice).toBe(advice);
	});

	it('reads the decline code before the error code, and an error code that stands alone', () => {
		expect(explainDecline({ code: 'card_declined', declineCode: 'lost_card' }, RETRYING)?.code).toBe('lost_card');
		expect(explainDecline({ code: 'expired_card' }, RETRYING)).toMatchObject({
			code: 'expired_card',
			declineClass: 'hard',
		});
		expect(explainDecline({ code: 'incorrect_cvc', declineCode: 'made_up_code' }, RETRYING)?.code).toBe(
			'incorrect_cvc',
		);
	});

	it('says a charge Radar blocked is hard, whatever the code', () => {
		expect(
			explainDecline({ code: 'card_declined', declineCode: 'highest_risk_level', outcomeType: 'blocked' }, RETRYING),
		).toMatchObject({
			code: 'highest_risk_level',
			declineClass: 'hard',
			reason: 'Blocked by Stripe Radar as likely fraud',
		});
	});

	it.each([
		[{ code: 'card_declined' }],
		[{ code: 'card_declined', declineCode: 'something_new' }],
		[{}],
		[{ code: 42, declineCode: { nested: true } }],
		[{ code: 'constructor', declineCode: '__proto__' }],
		[{ declineCode: 'toString' }],
	])('has no explanation for codes it does not know: %j', (failure) => {
		expect(explainDecline(failure, RETRYING)).toBeUndefined();
	});

	it('writes class, code and advice in one line', () => {
		const explained = explainDecline({ declineCode: 'stolen_card' }, RETRYING);
		expect(explained && declineAdvice(explained)).toBe(
			'Hard decline (stolen_card): Do not retry this card: ask the customer to pay with another card.',
		);
	});
});

describe('failure code text', () => {
	it.each([
		['card_declined', 'insufficient_funds', 'Card declined (insufficient_funds)'],
		['expired_card', undefined, 'Expired card'],
		['expired_card', 'expired_card', 'Expired card'],
		[undefined, 'do_not_honor', 'do_not_honor'],
		[undefined, undefined, undefined],
	])('%s + %s → %s', (code, declineCode, text) => {
		expect(failureCodeText(code, declineCode)).toBe(text);
	});
});
