import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'n8n-nodes-stripe-chat-channel';

interface PackageManifest {
	name?: string;
	version?: string;
}

/**
 * The folder of this package's package.json, found by walking up from `start`: the same code runs from `src/`
 * (tests) and from `dist/src/` (the published bin), which sit at different depths.
 */
export function packageRoot(start: string = __dirname): string | undefined {
	let directory = start;
	for (let depth = 0; depth < 6; depth++) {
		const candidate = path.join(directory, 'package.json');
		if (existsSync(candidate)) {
			const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as PackageManifest;
			if (manifest.name === PACKAGE_NAME) return directory;
		}
		directory = path.dirname(directory);
	}
	return undefined;
}

/** The package version from package.json, or `unknown` when the file cannot be found. */
export function packageVersion(): string {
	const root = packageRoot();
	if (!root) return 'unknown';
	const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageManifest;
	return manifest.version ?? 'unknown';
}
