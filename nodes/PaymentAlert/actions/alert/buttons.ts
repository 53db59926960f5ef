import type { IExecuteFunctions } from 'n8n-workflow';

import { CHAT_PLATFORMS } from '../../../../src/platforms';
import type { ChatPlatform } from '../../../../src/platforms';

/** The platforms whose buttons act on Stripe, as people know them ("Slack, Discord or Telegram"). */
function interactivePlatformNames(): string {
	const names = CHAT_PLATFORMS.filter((platform) => platform.buttons === 'interactive').map(
		(platform) => platform.displayName,
	);
	return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}

/**
 * The Button Signing Secret of the chosen platform's credential on this node (each interactive platform's
 * credential has a `buttonSigningSecret` field), or undefined: no credential selected, the secret blank, or a
 * platform with link buttons only. Without it alerts are still built, just without buttons (the output says why).
 */
export async function readButtonSigningSecret(
	context: IExecuteFunctions,
	platform: ChatPlatform,
): Promise<string | undefined> {
	if (platform.buttons !== 'interactive') return undefined;
	let credential: Record<string, unknown>;
	try {
		credential = (await context.getCredentials(platform.credentialType)) as Record<string, unknown>;
	} catch {
		return undefined;
	}
	const secret = credential.buttonSigningSecret;
	return typeof secret === 'string' && secret.trim() !== '' ? secret : undefined;
}

/** Why the alerts carry no buttons that act, for the item's `buttons.reason`; undefined when they may. */
export function noButtonsReason(platform: ChatPlatform, secret: string | undefined): string | undefined {
	if (platform.buttons === 'links') {
		return `${platform.displayName} shows link buttons only (Dashboard, hosted pages); buttons that act on Stripe need ${interactivePlatformNames()}`;
	}
	return secret
		? undefined
		: `No Button Signing Secret in the ${platform.displayName} credential, so no buttons were added`;
}
