import { SLACK_LIMITS } from '../../core/render/limits';
import type { PlatformRendering } from '../platform';

interface TextObject {
	text?: unknown;
}

interface BlockLike {
	type?: unknown;
	text?: TextObject;
	fields?: TextObject[];
	elements?: Array<TextObject & { text?: TextObject | unknown; value?: unknown }>;
}

const lengthOf = (value: unknown): number => (typeof value === 'string' ? value.length : 0);

/** Where a Block Kit rendering breaks Slack's documented limits (SLACK_LIMITS), one sentence each. */
export function slackLimitProblems(rendering: PlatformRendering): string[] {
	const problems: string[] = [];
	if (rendering.text.length === 0) problems.push('the `text` fallback is empty');
	if (rendering.text.length > SLACK_LIMITS.fallbackText) {
		problems.push(
			`the \`text\` fallback has ${rendering.text.length} characters (at most ${SLACK_LIMITS.fallbackText})`,
		);
	}
	const { blocks: given } = rendering as { blocks?: unknown };
	const blocks = Array.isArray(given) ? (given as BlockLike[]) : [];
	if (blocks.length > SLACK_LIMITS.blocksPerMessage) {
		problems.push(`${blocks.length} blocks (at most ${SLACK_LIMITS.blocksPerMessage})`);
	}
	let total = 0;
	blocks.forEach((block, index) => {
		const own = lengthOf(block.text?.text);
		const max = block.type === 'header' ? SLACK_LIMITS.headerText : SLACK_LIMITS.sectionText;
		if (own > max)
			problems.push(`block ${index} (${String(block.type)}) has ${own} characters of text (at most ${max})`);
		total += own;
		for (const field of block.fields ?? []) total += lengthOf(field.text);
		if ((block.fields ?? []).length > SLACK_LIMITS.sectionFields) {
			problems.push(`block ${index} has ${(block.fields ?? []).length} fields (at most ${SLACK_LIMITS.sectionFields})`);
		}
		for (const element of block.elements ?? []) {
			const label = element.text as TextObject | string | undefined;
			total += typeof label === 'string' ? label.length : lengthOf(label?.text);
			if (lengthOf(element.value) > SLACK_LIMITS.buttonValue) {
				problems.push(`block ${index} has a button value over ${SLACK_LIMITS.buttonValue} characters`);
			}
		}
	});
	if (total > SLACK_LIMITS.totalBlockTextBudget) {
		problems.push(`${total} characters of text across blocks (budget ${SLACK_LIMITS.totalBlockTextBudget})`);
	}
	return problems;
}
