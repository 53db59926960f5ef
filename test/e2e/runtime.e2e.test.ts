import * as fs from 'node:fs';
import * as path from 'node:path';

import { findPackageLoadError, readDeclaredTypes } from '../../scripts/runtime/packageTypes';
import { startRealN8n, type RealN8n } from '../support/realN8n';

const repoRoot = path.resolve(__dirname, '../..');
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

describe('a real n8n with this package installed (SQLite)', () => {
	let n8n: RealN8n | undefined;

	beforeAll(async () => {
		n8n = await startRealN8n();
	}, 15 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
	}, 60_000);

	async function getTypes(file: 'nodes.json' | 'credentials.json'): Promise<string[]> {
		if (!n8n) throw new Error('n8n did not start');
		const response = await fetch(`${n8n.baseUrl}/types/${file}`, {
			headers: { cookie: n8n.authCookie },
			signal: AbortSignal.timeout(30_000),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as Array<{ name: string }>).map((type) => type.name);
	}

	it('answers the readiness probe', async () => {
		const response = await fetch(`${n8n?.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(10_000) });
		expect(response.status).toBe(200);
	});

	it('loads the package without a load error', () => {
		expect(findPackageLoadError(n8n?.logs() ?? '', packageJson.name)).toBeUndefined();
	});

	it('loads exactly the nodes the package declares', async () => {
		const loaded = (await getTypes('nodes.json')).filter((name) => name.startsWith(`${packageJson.name}.`));
		const expected = (await readDeclaredTypes()).nodeTypes;
		expect(expected.length).toBeGreaterThan(0);
		expect([...new Set(loaded)].sort()).toEqual([...expected].sort());
	});

	it('loads every credential the package declares', async () => {
		const loaded = await getTypes('credentials.json');
		const expected = (await readDeclaredTypes()).credentialTypes;
		expect(expected.length).toBeGreaterThan(0);
		expect(loaded).toEqual(expect.arrayContaining(expected));
	});
});
