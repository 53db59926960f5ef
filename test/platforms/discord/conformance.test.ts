/**
 * Discord conformance over the external corpus in `<repo>/../shared/fixtures` (read in place, never copied): every
 * event renders for Discord within Discord's documented limits, the main amount shows scaled for its currency (also
 * in zero- and three-decimal currencies), no e-mail address shows unmasked, and hostile customer text neither
 * formats, links nor pings. Without the corpus this file runs one test that says so (as test/core/conformance.test.ts).
 */
import { buildMessage } from '../../../src/core/buildMessage';
import type { RenderOptions } from '../../../src/core/types';
import { discordPlatform } from '../../../src/platforms/discord/platform';
import type { DiscordRendering } from '../../../src/platforms/discord/render';
import { CORPUS_AVAILABLE, EVENTS_DIR, expectedMoney, loadCorpus } from '../../support/corpus';
import type { Fixture } from '../../support/corpus';
import { markdownTexts, markupProblem, shownAs } from './discordChecks';

const OPTIONS: RenderOptions = {
	actionSecret: 'conformance-button-secret',
	now: () => Date.UTC(2024, 0, 15, 12, 0, 0),
};

function render(envelope: unknown) {
	const message = buildMessage(envelope, OPTIONS);
	const discord = discordPlatform.render(message, {}) as DiscordRendering;
	return { message, discord };
}

/** Everything a reader sees, with the escaping undone (an escaped address is still the address). */
function visibleText(rendering: DiscordRendering): string {
	const embedParts = rendering.embeds.flatMap((embed) => [embed.footer?.text ?? '', embed.url ?? '']);
	const labels = rendering.components.flatMap((row) => row.components.map((button) => button.label));
	return [...markdownTexts(rendering).map(shownAs), ...embedParts, ...labels].join('\n');
}

const HOSTILE = [
	'@everyone please look',
	'hi <@123456789012345678> and <@&223456789012345678> in <#323456789012345678>',
	'[Open the Stripe Dashboard](https://evil.example/phish)',
	'**URGENT** __refund__ ~~now~~ ||hidden|| `code`',
	'# Heading\n> quote\n- list\n-# small',
	'victim.person@mailbox.example',
].join(' | ');

function hostile(fixture: Fixture): Record<string, unknown> {
	const object: Record<string, unknown> = { ...fixture.object };
	for (const key of ['description', 'name', 'customer_name', 'statement_descriptor', 'footer', 'client_reference_id']) {
		object[key] = HOSTILE;
	}
	object.metadata = { note: HOSTILE, [HOSTILE.slice(0, 30)]: HOSTILE };
	object.billing_details = { name: HOSTILE, address: { line1: HOSTILE, country: 'GB' } };
	object.customer_details = { name: HOSTILE };
	object.last_payment_error = { code: 'card_declined', message: HOSTILE };
	object.failure_message = HOSTILE;
	return { ...fixture.envelope, data: { ...(fixture.envelope.data as Record<string, unknown>), object } };
}

if (!CORPUS_AVAILABLE) {
	describe('Discord conformance over ../shared/fixtures', () => {
		it('is not run: the shared corpus is absent', () => {
			process.stderr.write(`discord conformance: ${EVENTS_DIR} is absent, so the corpus was not checked.\n`);
			expect(CORPUS_AVAILABLE).toBe(false);
		});
	});
} else {
	const fixtures = loadCorpus();
	const names = fixtures.map((fixture) => fixture.name);
	const byName = new Map(fixtures.map((fixture) => [fixture.name, fixture]));
	const withAmount = names.filter((name) => render(byName.get(name)?.envelope).message.amount);
	// The currency variants change the object's own currency: only where the main amount is the object's own.
	const withOwnAmount = withAmount.filter((name) => {
		const fixture = byName.get(name) as Fixture;
		const currency = fixture.object.currency;
		return typeof currency === 'string' && render(fixture.envelope).message.amount?.currency === currency.toLowerCase();
	});
	const withEmails = fixtures.filter((fixture) => fixture.emails.length > 0).map((fixture) => fixture.name);

	describe('Discord conformance over ../shared/fixtures', () => {
		it('finds the corpus', () => {
			expect(fixtures.length).toBeGreaterThanOrEqual(100);
			expect(withAmount.length).toBeGreaterThan(50);
			expect(withEmails.length).toBeGreaterThan(10);
		});

		it.each(names)('%s renders for Discord within its limits, pinging nobody', (name) => {
			const { discord } = render(byName.get(name)?.envelope);
			expect(discordPlatform.limitProblems(discord)).toEqual([]);
			expect(discord.embeds).toHaveLength(1);
			expect(discord.allowed_mentions).toEqual({ parse: [], replied_user: false });
		});

		describe.each(['original', 'jpy', 'krw', 'bhd', 'kwd'])('main amount (%s currency)', (currency) => {
			it.each(currency === 'original' ? withAmount : withOwnAmount)('%s shows its main amount scaled', (name) => {
				const fixture = byName.get(name) as Fixture;
				const envelope =
					currency === 'original'
						? fixture.envelope
						: {
								...fixture.envelope,
								data: {
									...(fixture.envelope.data as Record<string, unknown>),
									object: { ...fixture.object, currency },
								},
							};
				const { message, discord } = render(envelope);
				const amount = message.amount;
				expect(amount).toBeDefined();
				if (currency !== 'original') expect(amount?.currency).toBe(currency);
				const expected = expectedMoney(amount?.minor as number, amount?.currency as string);
				expect(amount?.text).toBe(expected);
				expect(visibleText(discord)).toContain(expected);
			});
		});

		it.each(withEmails)('%s shows no e-mail address unmasked', (name) => {
			const fixture = byName.get(name) as Fixture;
			const { discord } = render(fixture.envelope);
			const shown = `${visibleText(discord)}\n${JSON.stringify(discord)}`;
			for (const email of fixture.emails)
				expect({ email, shown: shown.includes(email) }).toEqual({ email, shown: false });
		});

		it.each(names)('%s keeps hostile customer text inert', (name) => {
			const { discord } = render(hostile(byName.get(name) as Fixture));
			expect(discordPlatform.limitProblems(discord)).toEqual([]);
			for (const text of markdownTexts(discord)) expect(markupProblem(text)).toBeUndefined();
			expect(visibleText(discord)).not.toContain('victim.person@mailbox.example');
			expect(discord.allowed_mentions.parse).toEqual([]);
		});
	});
}
