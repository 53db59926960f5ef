import {
	amountOfStripeObject,
	AUDIT_COLUMNS,
	auditCsvHeader,
	auditCsvLine,
	auditJsonLine,
	parseAuditRecord,
	redactAuditRecord,
	slackMessageLink,
	slackRequestId,
} from '../../src/core/audit';
import type { AuditRecord } from '../../src/core/audit';
import { parseCsv } from '../support/csv';

const REFUND: AuditRecord = {
	at: '2026-11-02T10:32:00.000Z',
	outcome: 'done',
	action: 'refund.create',
	operation: 'refund.create',
	source: 'button',
	workspaceId: 'T0FAKE',
	channelId: 'C0PAYMENTS',
	userId: 'U0ALICE',
	userName: 'alice',
	objectId: 'pi_1Refund',
	objectType: 'payment_intent',
	resultId: 're_1Refund',
	amountMinor: 1050,
	currency: 'eur',
	eventId: 'evt_1Paid',
	detail: '€10.50 succeeded',
	idempotencyKey: 'scc-abc',
	livemode: false,
	messageLink: 'https://acme.slack.com/archives/C0PAYMENTS/p1700000001000100',
};

describe('audit records', () => {
	it('keep ids and amounts, and redact customer data out of the free-text fields', () => {
		const record = redactAuditRecord({
			...REFUND,
			outcome: 'refused',
			request: '/pay 50 for jane.doe@example.com card 4242 4242 4242 4242',
			reason: 'Customer +44 7700 900123 asked for it',
		});
		expect(record).toMatchObject({ objectId: 'pi_1Refund', amountMinor: 1050, currency: 'eur', userId: 'U0ALICE' });
		expect(record.request).not.toContain('jane.doe@example.com');
		expect(record.request).not.toMatch(/4242 4242 4242 4242/);
		expect(record.request).toContain('@example.com');
		expect(record.reason).not.toContain('7700 900123');
	});

	it('treat an "id" that is not shaped like one as text, and drop a link that is not https', () => {
		const record = redactAuditRecord({ ...REFUND, objectId: 'jane@example.com', messageLink: 'javascript:alert(1)' });
		expect(record.objectId).not.toBe('jane@example.com');
		expect(record.messageLink).toBeUndefined();
	});

	it('drop an amount without a currency', () => {
		const record = redactAuditRecord({ ...REFUND, currency: undefined });
		expect(record.amountMinor).toBeUndefined();
	});

	it('read back what was stored, with the record id, and skip bodies that are not records', () => {
		const stored = JSON.stringify(redactAuditRecord(REFUND));
		expect(parseAuditRecord(stored, '1700000000000-1')).toEqual({ recordId: '1700000000000-1', ...REFUND });
		expect(parseAuditRecord('not json', 'x')).toBeUndefined();
		expect(parseAuditRecord('{"hello":1}', 'x')).toBeUndefined();
	});
});

describe('CSV and JSON Lines', () => {
	it('write the header and every column in a stable order, amounts as decimals in major units', () => {
		const [header, row] = parseCsv(auditCsvHeader() + auditCsvLine({ ...REFUND, recordId: '1-1' }));
		expect(header).toEqual([...AUDIT_COLUMNS]);
		const byColumn = Object.fromEntries(header.map((column, index) => [column, row[index]]));
		expect(byColumn).toMatchObject({
			record_id: '1-1',
			outcome: 'done',
			amount: '10.50',
			currency: 'eur',
			amount_minor: '1050',
			livemode: 'false',
			replayed: '',
		});
		const [, yen] = parseCsv(auditCsvHeader() + auditCsvLine({ ...REFUND, amountMinor: 5000, currency: 'jpy' }));
		expect(yen[header.indexOf('amount')]).toBe('5000');
		const [, dinar] = parseCsv(auditCsvHeader() + auditCsvLine({ ...REFUND, amountMinor: 12340, currency: 'bhd' }));
		expect(dinar[header.indexOf('amount')]).toBe('12.340');
	});

	it('quote commas, quotes and line breaks (RFC 4180) and keep formulas from running in a spreadsheet', () => {
		const text = auditCsvLine({ ...REFUND, reason: 'said "no", then\r\nleft', request: '=HYPERLINK("https://x")' });
		const [row] = parseCsv(auditCsvHeader() + text).slice(1);
		expect(row[AUDIT_COLUMNS.indexOf('reason')]).toBe('said "no", then\r\nleft');
		expect(row[AUDIT_COLUMNS.indexOf('request')]).toBe('\'=HYPERLINK("https://x")');
		expect(text.endsWith('\r\n')).toBe(true);
	});

	it('write one JSON object per line', () => {
		const line = auditJsonLine({ ...REFUND, recordId: '1-1' });
		expect(line.endsWith('\n')).toBe(true);
		expect(line.slice(0, -1)).not.toContain('\n');
		expect(JSON.parse(line)).toEqual({ recordId: '1-1', ...REFUND });
	});
});

describe('helpers', () => {
	it('link a Slack message like its permalink', () => {
		expect(slackMessageLink('https://acme.slack.com/', 'C0PAY', '1700000001.000100')).toBe(
			'https://acme.slack.com/archives/C0PAY/p1700000001000100',
		);
		expect(slackMessageLink(undefined, 'C0PAY', '1700000001.000100')).toBeUndefined();
		expect(slackMessageLink('https://acme.slack.com/', 'C0PAY', 'x')).toBeUndefined();
	});

	it('identify a Slack request by its body', () => {
		expect(slackRequestId('payload=a')).toBe(slackRequestId(Buffer.from('payload=a')));
		expect(slackRequestId('payload=a')).not.toBe(slackRequestId('payload=b'));
	});

	it.each([
		[{ object: 'refund', amount: 1000, currency: 'jpy' }, { minor: 1000, currency: 'jpy' }],
		[{ object: 'invoice', amount_due: 5000, currency: 'EUR' }, { minor: 5000, currency: 'eur' }],
		[{ object: 'checkout.session', amount_total: 5000, currency: 'usd' }, { minor: 5000, currency: 'usd' }],
		[{ object: 'customer', balance: 10, currency: 'usd' }, undefined],
		[null, undefined],
	])('read the amount of %j', (object, expected) => {
		expect(amountOfStripeObject(object)).toEqual(expected);
	});
});
