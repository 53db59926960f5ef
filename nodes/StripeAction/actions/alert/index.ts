import { defineResource } from '../operation';
import * as claim from './claim.operation';
import * as escalate from './escalate.operation';
import * as postTicketLink from './postTicketLink.operation';
import * as requestTicket from './requestTicket.operation';

/** The team's work on an alert: who takes it, who is asked in, the ticket. Nothing here changes Stripe. */
export const alert = defineResource({ name: 'Alert (Team)', value: 'alert' }, 'claim', [
	claim,
	escalate,
	requestTicket,
	postTicketLink,
]);
