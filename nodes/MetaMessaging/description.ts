import type { INodeProperties } from 'n8n-workflow';

import { OPERATIONS } from './actions/message';

/** The node's parameters: the Operation list, then each operation's own parameters. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'sendLinkButton',
		options: OPERATIONS.map((operation) => operation.option),
	},
	...OPERATIONS.flatMap((operation) => operation.description),
];
