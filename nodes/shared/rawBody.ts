import type { IWebhookFunctions } from 'n8n-workflow';

/**
 * The request body exactly as received, which every signature is computed over. n8n parses JSON and form bodies
 * before a node's webhook runs and keeps the bytes in `rawBody` only for some content types; `readRawBody()` reads
 * them for the others. Undefined when there is no body.
 */
export async function readRawBody(context: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = context.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') await request.readRawBody();
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}
