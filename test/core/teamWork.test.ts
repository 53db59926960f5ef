import { buildMessage } from '../../src/core/buildMessage';
import { describeLastContact, lastContactOf } from '../../src/core/customerContact';
import { buildTicketRequest } from '../../src/core/teamWork';
import { alertFactsFromBlocks, escalationText } from '../../src/platforms/slack/alertFacts';
import { renderSlack } from '../../src/platforms/slack/render';

/** A failed charge whose customer-typed billing name tries to ping the channel and plant a link. */
function hostileAlertBlocks() {
	const event = {
		id: 'evt_1TeamHostile',
		object: 'event',
		type: 'charge.failed',
		created: 1_767_000_000,
		livemode: false,
		data: {
			object: {
				id: 'ch_1TeamHostile',
				object: 'charge',
				amount: 4200,
				currency: 'eur',
				customer: 'cus_TeamHostile',
				failure_code: 'card_declined',
				failure_message: '<!channel> <https://evil.example|click> *urgent*',
				billing_details: { name: '<!here> <@U0BOSS>' },
			},
		},
	};
	return renderSlack(buildMessage(event, { actionSecret: 'secret-for-team-work-tests-0123456789' })).blocks;
}

describe('team work on an alert', () => {
	it('reads the alert back without any mention or link the customer typed, and escalation escapes it again', () => {
		const facts = alertFactsFromBlocks(hostileAlertBlocks());
		expect(facts.title).toBe('Charge failed: €42.00');
		const text = escalationText({ userGroupId: 'S0LEGAL', groupName: 'Legal', userId: 'U0ALICE', facts, links: [] });
		expect(text.startsWith('<!subteam^S0LEGAL> ')).toBe(true);
		expect(text).toContain('Escalated to Legal by <@U0ALICE>');
		// The only mentions are the group and the person who escalated; customer text shows as typed.
		expect(text.match(/<[!@][^>]*>/g)).toEqual(['<!subteam^S0LEGAL>', '<@U0ALICE>']);
		expect(text).not.toContain('<https://evil.example');
	});

	it("mentions no group whose id is not of Slack's shape", () => {
		const text = escalationText({
			userGroupId: 'S0X> <!channel',
			facts: { title: 'x', fields: [], links: [] },
			links: [],
		});
		expect(text).not.toMatch(/<!/);
	});

	it('builds a ticket in plain text and Markdown with the amount, customer and links', () => {
		const ticket = buildTicketRequest(alertFactsFromBlocks(hostileAlertBlocks()), {
			objectId: 'ch_1TeamHostile',
			objectType: 'charge',
			customerId: 'cus_TeamHostile',
			livemode: false,
			dashboardUrl: 'https://dashboard.stripe.com/test/payments/ch_1TeamHostile',
			messageLink: 'https://acme.slack.com/archives/C0PAYMENTS/p1700000000000100',
			requestedBy: { id: 'U0ALICE', name: 'alice' },
		});
		expect(ticket).toMatchObject({ title: 'Charge failed: €42.00', amount: '€42.00', customerId: 'cus_TeamHostile' });
		expect(ticket.text).toContain('Customer: cus_TeamHostile');
		expect(ticket.text).toContain('- Slack alert: https://acme.slack.com/archives/C0PAYMENTS/p1700000000000100');
		expect(ticket.markdown).toContain('[Stripe Dashboard](https://dashboard.stripe.com/test/payments/ch_1TeamHostile)');
		expect(ticket.markdown).not.toMatch(/[^\\]<!/);
	});

	it('reads the last contact from scc_ metadata and says it in words', () => {
		const contact = lastContactOf({
			scc_contacted_at: '2026-12-01T10:00:00.000Z',
			scc_contacted_by: 'U0ALICE',
			scc_contacted_by_name: 'alice',
		});
		expect(describeLastContact(contact!, Date.parse('2026-12-03T10:00:00.000Z'))).toBe('2 days ago by alice');
		expect(lastContactOf({ scc_contacted_at: 'yesterday' })).toBeUndefined();
		expect(lastContactOf(undefined)).toBeUndefined();
	});
});
