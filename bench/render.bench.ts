/**
 * Throughput of the alert pipeline (parse → normalise → redact → build → render for one chat platform → serialise)
 * in events per second, next to the cost of the same payloads through `JSON.parse` + `JSON.stringify` alone,
 * measured in the same run. The ratio is what to watch: it does not depend on the machine the way events/s does.
 * The rendering is the registered platform's `render`, the call Payment Alert makes for its Chat Platform: Slack,
 * or the platform id in `BENCH_PLATFORM` (`BENCH_PLATFORM=discord npm run bench`).
 *
 * Corpus: our own fixtures (`test/fixtures/events/`) and the shared corpus (`../shared/fixtures/stripe/events/`),
 * whichever exist, repeated to about 20,000 events. Run with `npm run bench`: it type-checks, then runs this file
 * through bench/run.js with `--expose-gc`, which makes the heap figure exact.
 *
 * Not part of the published package: the package build compiles only `credentials/`, `nodes/` and `src/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { packageRoot } from '../src/cli/packageInfo';
import { buildMessage } from '../src/core/buildMessage';
import { chatPlatform } from '../src/platforms';
import type { RenderOptions } from '../src/core/types';

const TARGET_EVENTS = 20_000;
const WARM_UP_EVENTS = 4_000;
const ROUNDS = 5;
/** The goal from the issue: the pipeline costs at most this many times the JSON floor. */
const MAX_RATIO = 5;

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const CONFIGURATIONS: ReadonlyArray<{ name: string; options: RenderOptions }> = [
	{ name: 'standard redaction, no buttons', options: { now: () => NOW } },
	{ name: 'standard redaction, signed buttons', options: { now: () => NOW, actionSecret: 'bench-button-secret' } },
];

function write(line = ''): void {
	process.stdout.write(`${line}\n`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Raw JSON bodies as Stripe would POST them; `__data_only` corpus files are wrapped in an envelope. */
function loadPayloads(directory: string): string[] {
	if (!existsSync(directory)) return [];
	return readdirSync(directory)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const raw = readFileSync(path.join(directory, name), 'utf8');
			if (!name.includes('__data_only')) return raw;
			const data = JSON.parse(raw) as Record<string, unknown>;
			const object = isRecord(data.object) ? data.object : {};
			const type = name.split('__')[0];
			return JSON.stringify({
				id: `evt_bench_${type}`,
				object: 'event',
				type,
				created: object.created ?? 0,
				livemode: false,
				data,
			});
		});
}

function collectCorpus(): { payloads: string[]; sources: string[] } {
	const root = packageRoot() ?? process.cwd();
	const sources = [
		path.join(root, 'test', 'fixtures', 'events'),
		path.resolve(root, '..', 'shared', 'fixtures', 'stripe', 'events'),
	];
	const found = sources.map((directory) => ({ directory, payloads: loadPayloads(directory) }));
	return {
		payloads: found.flatMap((entry) => entry.payloads),
		sources: found.map(
			(entry) =>
				`${entry.directory}: ${entry.payloads.length > 0 ? `${entry.payloads.length} events` : 'absent or empty'}`,
		),
	};
}

function repeatTo(payloads: readonly string[], count: number): string[] {
	return Array.from({ length: count }, (_, index) => payloads[index % payloads.length]);
}

/** Keeps results reachable so the optimiser cannot drop the work. */
let sink = 0;

function jsonFloor(payloads: readonly string[]): void {
	for (const raw of payloads) sink += JSON.stringify(JSON.parse(raw)).length;
}

const platform = chatPlatform(process.env.BENCH_PLATFORM || 'slack');

function pipeline(payloads: readonly string[], options: RenderOptions): void {
	for (const raw of payloads) {
		sink += JSON.stringify(platform.render(buildMessage(JSON.parse(raw), options), {})).length;
	}
}

function timeMs(work: () => void): number {
	const start = process.hrtime.bigint();
	work();
	return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function collectGarbage(): boolean {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) gc();
	return gc !== undefined;
}

function formatRate(events: number, ms: number): string {
	return `${Math.round((events / ms) * 1000).toLocaleString('en-US')} events/s`;
}

export function main(): number {
	const { payloads, sources } = collectCorpus();
	write('Stripe Chat Channel render benchmark');
	for (const source of sources) write(`  corpus ${source}`);
	if (payloads.length === 0) {
		write('No fixtures found: nothing to measure.');
		return 1;
	}
	const bytes = payloads.reduce((sum, raw) => sum + Buffer.byteLength(raw), 0);
	const events = repeatTo(payloads, TARGET_EVENTS);
	write(
		`  ${payloads.length} distinct events (${Math.round(bytes / payloads.length).toLocaleString('en-US')} bytes on average), ${events.length.toLocaleString('en-US')} per round, median of ${ROUNDS} rounds`,
	);
	write(`  rendered for ${platform.displayName} (BENCH_PLATFORM=${platform.id})`);
	write(`  Node ${process.version}${collectGarbage() ? '' : ' (run with --expose-gc for an exact heap figure)'}`);
	write();

	const warmUp = repeatTo(payloads, WARM_UP_EVENTS);
	jsonFloor(warmUp);
	for (const configuration of CONFIGURATIONS) pipeline(warmUp, configuration.options);

	const floorTimes: number[] = [];
	const pipelineTimes = CONFIGURATIONS.map(() => [] as number[]);
	for (let round = 0; round < ROUNDS; round++) {
		floorTimes.push(timeMs(() => jsonFloor(events)));
		CONFIGURATIONS.forEach((configuration, index) => {
			pipelineTimes[index].push(timeMs(() => pipeline(events, configuration.options)));
		});
	}

	const floor = median(floorTimes);
	write(`JSON.parse + JSON.stringify (the floor)    ${formatRate(events.length, floor).padStart(20)}`);
	let worstRatio = 0;
	CONFIGURATIONS.forEach((configuration, index) => {
		const time = median(pipelineTimes[index]);
		const ratio = time / floor;
		worstRatio = Math.max(worstRatio, ratio);
		write(
			`render, ${configuration.name.padEnd(34)} ${formatRate(events.length, time).padStart(20)}   render is ${ratio.toFixed(1)}× the JSON floor`,
		);
	});

	collectGarbage();
	const heapBefore = process.memoryUsage().heapUsed;
	pipeline(events, CONFIGURATIONS[CONFIGURATIONS.length - 1].options);
	const heapAfterRun = process.memoryUsage().heapUsed;
	collectGarbage();
	const heapRetained = process.memoryUsage().heapUsed;
	write();
	write(
		`heap used: ${((heapAfterRun - heapBefore) / 1024 / 1024).toFixed(1)} MB more after one round of ${events.length.toLocaleString('en-US')} events, ${((heapRetained - heapBefore) / 1024 / 1024).toFixed(1)} MB retained after garbage collection`,
	);
	write(
		worstRatio <= MAX_RATIO
			? `within the goal of ${MAX_RATIO}× the JSON floor`
			: `SLOWER than the goal of ${MAX_RATIO}× the JSON floor: profile with node --cpu-prof`,
	);
	write(`(checksum ${sink})`);
	return 0;
}
