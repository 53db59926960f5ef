import { defineResource } from '../operation';
import * as lookUp from './lookUp.operation';
import * as pay from './pay.operation';

export const slashCommand = defineResource(
	{ name: 'Slash Command', value: 'slashCommand', description: 'Answer /pay and /stripe typed in Slack' },
	'pay',
	[pay, lookUp],
);
