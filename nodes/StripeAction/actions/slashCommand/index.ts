import { defineResource } from '../operation';
import * as pay from './pay.operation';

export const slashCommand = defineResource(
	{ name: 'Slash Command', value: 'slashCommand', description: 'Answer /pay typed in Slack' },
	'pay',
	[pay],
);
