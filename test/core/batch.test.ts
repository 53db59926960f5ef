import { firstOfEachKey } from '../../src/core/batch';

describe('firstOfEachKey', () => {
	it('keeps the first entry of each key, in order, and drops the later ones', () => {
		const entries = [
			{ key: 'a', at: 0 },
			{ key: 'b', at: 1 },
			{ key: 'a', at: 2 },
			{ key: 'c', at: 3 },
			{ key: 'b', at: 4 },
		];
		expect(firstOfEachKey(entries, (entry) => entry.key).map((entry) => entry.at)).toEqual([0, 1, 3]);
	});

	it('keeps everything when no key repeats, and nothing of an empty batch', () => {
		expect(firstOfEachKey(['x', 'y'], (entry) => entry)).toEqual(['x', 'y']);
		expect(firstOfEachKey([], String)).toEqual([]);
	});
});
