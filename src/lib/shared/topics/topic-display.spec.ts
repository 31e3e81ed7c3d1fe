import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, elideTopics } from './topic-display';

/** Levels from a small alphabet without `/` or `…`, so a shown level maps back to a real one. */
const level = fc.stringMatching(/^[a-z0-9_]{0,12}$/);
const topic = fc.array(level, { minLength: 1, maxLength: 7 }).map((levels) => levels.join('/'));
/** Topics in view that often share levels, as devices under one prefix do. */
const view = fc
	.tuple(
		fc.array(level, { minLength: 0, maxLength: 4 }),
		fc.array(fc.array(level, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 })
	)
	.map(([prefix, tails]) => tails.map((tail) => [...prefix, ...tail].join('/')));
const budget = fc.integer({ min: 0, max: 60 });

/** Positions where the topics in view differ (or some topic has no such level). */
function differing(topics: string[]): Set<number> {
	const split = topics.map((t) => t.split('/'));
	const positions = new Set<number>();
	const longest = Math.max(...split.map((l) => l.length));
	for (let i = 0; i < longest; i++) {
		if (split.some((l) => i >= l.length || l[i] !== split[0][i])) positions.add(i);
	}
	return positions;
}

/**
 * Every way a shown text can be its topic with whole levels replaced by `…` runs (and its first
 * level cut inside): each as the positions of the levels kept whole. Empty when there is none.
 */
function readings(original: string, shown: string): number[][] {
	const levels = original.split('/');
	const parts = shown.split('/');
	const found: number[][] = [];
	const walk = (p: number, i: number, kept: number[]) => {
		if (p === parts.length) {
			if (i === levels.length) found.push(kept);
			return;
		}
		if (i >= levels.length) return;
		const part = parts[p];
		if (part === levels[i]) walk(p + 1, i + 1, [...kept, i]);
		if (p === 0 && part.endsWith(ELLIPSIS) && levels[0].startsWith(part.slice(0, -1))) {
			walk(1, 1, kept);
		}
		// A run of one or more hidden levels.
		if (p > 0 && part === ELLIPSIS)
			for (let j = i + 1; j <= levels.length; j++) walk(p + 1, j, kept);
	};
	walk(0, 0, []);
	return found;
}

describe('elideTopics', () => {
	it('keeps the level where devices differ, hiding the shared middle', () => {
		const topics = [
			'smart_env/building7/floor2/device01/telemetry',
			'smart_env/building7/floor2/device02/telemetry'
		];
		const shown = elideTopics(topics, 30);
		expect(shown.get(topics[0])).toBe('smart_env/…/device01/telemetry');
		expect(shown.get(topics[1])).toBe('smart_env/…/device02/telemetry');
	});

	it('hides shared levels from the first level on, only as far as needed', () => {
		const topics = ['plant/line3/cell7/plc/device01/temp', 'plant/line3/cell7/plc/device02/temp'];
		expect(elideTopics(topics, 33).get(topics[0])).toBe('plant/…/cell7/plc/device01/temp');
		expect(elideTopics(topics, 27).get(topics[0])).toBe('plant/…/plc/device01/temp');
		expect(elideTopics(topics, 24).get(topics[0])).toBe('plant/…/device01/temp');
	});

	it('then cuts inside a shared first level', () => {
		const topics = ['smart_env/site/device01/telemetry', 'smart_env/site/device02/telemetry'];
		expect(elideTopics(topics, 26).get(topics[0])).toBe('smar…/…/device01/telemetry');
		expect(elideTopics(topics, 26).get(topics[0])!.length).toBe(26);
	});

	it('never cuts a first level that differs, nor the last level', () => {
		const topics = ['alpha_site/shared/temperature', 'beta_site/shared/temperature'];
		expect(elideTopics(topics, 10).get(topics[0])).toBe('alpha_site/…/temperature');
		expect(elideTopics(['a/bb/a_very_long_last_level'], 5).get('a/bb/a_very_long_last_level')).toBe(
			'a/…/a_very_long_last_level'
		);
	});

	it('keeps a level that only some topics have', () => {
		const topics = ['home/kitchen/lamp/state', 'home/kitchen/lamp'];
		const shown = elideTopics(topics, 17);
		expect(shown.get('home/kitchen/lamp')).toBe('home/kitchen/lamp');
		expect(shown.get('home/kitchen/lamp/state')).toBe('home/…/lamp/state');
		expect(elideTopics(topics, 5).get('home/kitchen/lamp/state')).toBe('h…/…/state');
	});

	it('leaves topics that fit alone, and handles an empty view', () => {
		expect(elideTopics(['a/b/c', 'a/b/d'], 5).get('a/b/c')).toBe('a/b/c');
		expect(elideTopics([], 10).size).toBe(0);
	});

	it('shows every topic that fits exactly as it is', () => {
		fc.assert(
			fc.property(view, budget, (topics, max) => {
				const shown = elideTopics(topics, max);
				for (const t of topics) if (t.length <= max) expect(shown.get(t)).toBe(t);
			})
		);
	});

	it('hides only whole shared levels and keeps the last level and every differing one', () => {
		fc.assert(
			fc.property(view, budget, (topics, max) => {
				const shown = elideTopics(topics, max);
				const differ = differing(topics);
				for (const t of topics) {
					const levels = t.split('/');
					const must = levels
						.map((_, i) => i)
						.filter(
							(i) => i === levels.length - 1 || differ.has(i) || (i === 0 && levels.length === 1)
						);
					// The first level may be cut inside (it then shows its start) unless it differs.
					const fine = readings(t, shown.get(t)!).some((kept) =>
						must.every((i) => kept.includes(i))
					);
					expect(fine, `${t} → ${shown.get(t)}`).toBe(true);
				}
			})
		);
	});

	it('fits the budget whenever the levels it must keep fit', () => {
		fc.assert(
			fc.property(view, budget, (topics, max) => {
				const shown = elideTopics(topics, max);
				const differ = differing(topics);
				for (const t of topics) {
					const levels = t.split('/');
					// The shortest form allowed: kept levels, one `…` per hidden run, first level cut to
					// one character (when shared). Never longer than this, unless already within budget.
					const last = levels.length - 1;
					const parts: string[] = [];
					levels.forEach((l, i) => {
						const must = i === last || differ.has(i);
						if (i === 0) parts.push(must ? l : l.length > 2 ? l[0] + ELLIPSIS : l);
						else if (must) parts.push(l);
						else if (parts.at(-1) !== ELLIPSIS) parts.push(l.length > 1 ? ELLIPSIS : l);
					});
					const minimum = parts.join('/').length;
					if (minimum <= max) expect(shown.get(t)!.length).toBeLessThanOrEqual(max);
				}
			})
		);
	});

	it('keeps topics in view apart', () => {
		fc.assert(
			fc.property(view, budget, (topics, max) => {
				const shown = elideTopics(topics, max);
				const distinct = new Set(topics);
				expect(new Set([...distinct].map((t) => shown.get(t))).size).toBe(distinct.size);
			})
		);
	});

	it('gives one text per distinct topic, for any topics', () => {
		fc.assert(
			fc.property(fc.array(topic, { maxLength: 8 }), budget, (topics, max) => {
				const shown = elideTopics(topics, max);
				expect(shown.size).toBe(new Set(topics).size);
				for (const t of topics) expect(shown.has(t)).toBe(true);
			})
		);
	});
});
