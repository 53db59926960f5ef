import * as sendLinkButton from './sendLinkButton.operation';
import * as sendReplyButtons from './sendReplyButtons.operation';
import * as sendTemplate from './sendTemplate.operation';
import * as sendText from './sendText.operation';
import * as skipRepeated from './skipRepeated.operation';

/** The send operations by name, in the order of the Operation list. */
export const SEND_OPERATIONS = Object.fromEntries(
	[sendLinkButton, sendReplyButtons, sendTemplate, sendText].map((operation) => [operation.option.value, operation]),
);

/** Every operation, in the order of the Operation list. */
export const OPERATIONS = [sendLinkButton, sendReplyButtons, sendTemplate, sendText, skipRepeated];
