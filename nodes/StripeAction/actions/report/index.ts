import { defineResource } from '../operation';
import * as dailyDigest from './dailyDigest.operation';
import * as disputeReminders from './disputeReminders.operation';

export const report = defineResource(
	{ name: 'Report', value: 'report', description: 'Scheduled summaries and reminders: run by a Schedule Trigger' },
	'dailyDigest',
	[dailyDigest, disputeReminders],
);
