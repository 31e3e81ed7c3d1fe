import { describe, expect, it } from 'vitest';
import { MAX_TREE_LEVELS, PREVIEW_BYTES, TopicTree, compareLevels } from './topic-tree';

const enc = (text: string) => new TextEncoder().encode(text);
const empty = new Uint8Array(0);

function tree(topics: string[], time = 1000) {
	const t = new TopicTree();
	for (const topic of topics) t.add({ topic, time, retain: false, payload: enc(`v:${topic}`) });
	return t;
}

describe('TopicTree', () => {
	it('counts messages per topic and topics below each level', () => {
		const t = tree(['a/b/c', 'a/b/c', 'a/b/d', 'a/e', 'x']);
		const rows = t.rows(new Set(['a', 'a/b']), 1000);
		expect(rows.map((r) => [r.path, r.depth, r.count, r.subtopics])).toEqual([
			['a', 0, 0, 3],
			['a/b', 1, 0, 2],
			['a/b/c', 2, 2, 0],
			['a/b/d', 2, 1, 0],
			['a/e', 1, 1, 0],
			['x', 0, 1, 0]
		]);
		expect(t.topicCount).toBe(4);
		expect(t.rowCount(new Set(['a', 'a/b']))).toBe(6);
		expect(t.rowCount(new Set())).toBe(2);
	});

	it('gives a topic of 32,768 levels at most MAX_TREE_LEVELS nodes, the rest in the last', () => {
		const topic = Array.from({ length: 32_768 }, () => 'a').join('/');
		const t = tree([topic, 'a/b']);
		const ancestors = TopicTree.ancestors(topic);
		expect(ancestors).toHaveLength(MAX_TREE_LEVELS - 1);
		expect(ancestors[1]).toBe('a/a');
		const rows = t.rows(new Set(ancestors), 1000);
		expect(rows.length).toBe(MAX_TREE_LEVELS + 1);
		const leaf = rows.find((r) => r.count === 1 && r.path.length > 10);
		expect(leaf?.path).toBe(topic);
		expect(leaf?.name.split('/')).toHaveLength(32_768 - MAX_TREE_LEVELS + 1);
		expect(t.topicCount).toBe(2);
	});

	it('shows only expanded levels, and pages them', () => {
		const t = tree(['a/b/c', 'a/d', 'e']);
		expect(t.rows(new Set(), 0).map((r) => r.path)).toEqual(['a', 'e']);
		expect(t.rows(new Set(['a']), 0, 1, 2).map((r) => r.path)).toEqual(['a/b', 'a/d']);
	});

	it('keeps the last value, time and retained flag of a topic', () => {
		const t = new TopicTree();
		t.add({ topic: 's/1', time: 5, retain: true, payload: enc('on') });
		t.add({ topic: 's/1', time: 9, retain: false, payload: enc('off') });
		// Older history added later does not replace the last value.
		t.add({ topic: 's/1', time: 1, retain: true, payload: enc('old') });
		const [row] = t.rows(new Set(['s']), 9).filter((r) => r.path === 's/1');
		expect(row).toMatchObject({ lastTime: 9, retained: false, count: 3 });
		expect(new TextDecoder().decode(row.preview)).toBe('off');
		expect(row.lastSize).toBe(3);
		t.add({ topic: 's/2', time: 9, retain: true, payload: enc('x') });
		expect(t.rows(new Set(['s']), 9).find((r) => r.path === 's/2')?.retained).toBe(true);
	});

	it('estimates a message rate that decays when a topic goes quiet', () => {
		const t = new TopicTree();
		for (let i = 0; i < 100; i++)
			t.add({ topic: 'fast', time: i * 100, retain: false, payload: empty });
		const busy = t.rows(new Set(), 9900)[0].rate;
		expect(busy).toBeGreaterThan(5);
		expect(busy).toBeLessThan(10.5);
		const quiet = t.rows(new Set(), 9900 + 60_000)[0].rate;
		expect(quiet).toBeLessThan(0.1);
	});

	it('sorts levels in natural order: numbers inside names compare as numbers', () => {
		const t = tree([
			's/sensor189',
			's/sensor19',
			's/sensor2',
			's/Sensor3',
			's/alpha',
			's/sensor19a'
		]);
		expect(t.rows(new Set(['s']), 0).map((r) => r.name)).toEqual([
			's',
			'alpha',
			'sensor2',
			'Sensor3',
			'sensor19',
			'sensor19a',
			'sensor189'
		]);
		expect(t.search('sensor')).toEqual([
			's/sensor2',
			's/Sensor3',
			's/sensor19',
			's/sensor19a',
			's/sensor189'
		]);
	});

	it('keeps the order when topics arrive after the rows were read', () => {
		const t = tree(['s/sensor189', 's/sensor2']);
		expect(t.rows(new Set(['s']), 0).map((r) => r.name)).toEqual(['s', 'sensor2', 'sensor189']);
		t.add({ topic: 's/sensor19', time: 2000, retain: false, payload: empty });
		t.add({ topic: 's/sensor2', time: 2000, retain: false, payload: empty });
		expect(t.rows(new Set(['s']), 0).map((r) => r.name)).toEqual([
			's',
			'sensor2',
			'sensor19',
			'sensor189'
		]);
	});

	it('orders names the collator deems equal by code units, so the order is total', () => {
		expect(compareLevels('a', 'a')).toBe(0);
		expect(Math.sign(compareLevels('01', '1'))).toBe(-Math.sign(compareLevels('1', '01')));
		expect(compareLevels('01', '1')).not.toBe(0);
	});

	it('opens the chain of single levels down to the first that holds messages or branches', () => {
		// One device under a long prefix: open every level above the topic, leave the topic.
		expect(tree(['org/site/plant/device01/telemetry']).autoOpenPaths()).toEqual([
			'org',
			'org/site',
			'org/site/plant',
			'org/site/plant/device01'
		]);
		// Branches: open down to the level that splits, so its children show.
		expect(tree(['e2e/tree/x/door', 'e2e/tree/x/site/a']).autoOpenPaths()).toEqual([
			'e2e',
			'e2e/tree',
			'e2e/tree/x'
		]);
		// A level holding messages of its own stops the chain, closed.
		expect(tree(['home', 'home/lamp']).autoOpenPaths()).toEqual([]);
		expect(tree(['a/b', 'a/b/c/d']).autoOpenPaths()).toEqual(['a']);
		// Several top levels: nothing to choose between, nothing opens.
		expect(tree(['a/b', 'c/d']).autoOpenPaths()).toEqual([]);
		expect(new TopicTree().autoOpenPaths()).toEqual([]);
		expect(tree(['solo']).autoOpenPaths()).toEqual([]);
	});

	it('shows the auto-opened chain open unless closed, with the levels the user opened', () => {
		const t = tree(['org/site/device01/t', 'org/site/device02/t']);
		expect([...t.openLevels([], [])]).toEqual(['org', 'org/site']);
		expect([...t.openLevels(['org/site/device01'], ['org/site'])]).toEqual([
			'org/site/device01',
			'org'
		]);
		expect(t.rows(t.openLevels([], ['org']), 0).map((r) => r.path)).toEqual(['org']);
		expect(t.rows(t.openLevels([], []), 0).map((r) => r.path)).toEqual([
			'org',
			'org/site',
			'org/site/device01',
			'org/site/device02'
		]);
	});

	it('finds topics by substring and names the levels to open', () => {
		const t = tree(['home/kitchen/temp', 'home/garage/door', 'office/temp']);
		expect(t.search('TEMP')).toEqual(['home/kitchen/temp', 'office/temp']);
		expect(TopicTree.ancestors('home/kitchen/temp')).toEqual(['home', 'home/kitchen']);
	});

	it('finds topics by a substring of their last payload only', () => {
		const t = new TopicTree();
		t.add({ topic: 'a/1', time: 1, retain: false, payload: enc('{"state":"Alarm"}') });
		t.add({ topic: 'a/1', time: 2, retain: false, payload: enc('{"state":"ok"}') });
		t.add({ topic: 'b/2', time: 1, retain: false, payload: enc('température ALARM') });
		t.add({ topic: 'c', time: 1, retain: false, payload: empty });
		// 'alarm' was only in an older value of a/1: not found there.
		expect(t.searchPayloads('alarm')).toEqual(['b/2']);
		expect(t.searchPayloads('TEMPÉ')).toEqual(['b/2']);
		expect(t.searchPayloads('"ok"')).toEqual(['a/1']);
		// Levels without messages of their own are never matched.
		expect(t.searchPayloads('')).toEqual(['a/1', 'b/2', 'c']);
		expect(t.searchPayloads('a', 1)).toHaveLength(1);
	});

	it('keeps a copied prefix of the last payload and its full size, not the payload', () => {
		const t = new TopicTree();
		const big = new Uint8Array(10_000).fill(0x41);
		t.add({ topic: 'big', time: 1, retain: false, payload: big });
		const [row] = t.rows(new Set(), 1);
		expect(row.preview).toHaveLength(PREVIEW_BYTES);
		expect(row.lastSize).toBe(10_000);
		// A copy: the 10 KB buffer is not held through a view of it.
		expect(row.preview?.buffer.byteLength).toBe(PREVIEW_BYTES);
		big[0] = 0x42;
		expect(row.preview?.[0]).toBe(0x41);
		// A payload search looks in that prefix only.
		const late = new TextEncoder().encode(`${'x'.repeat(PREVIEW_BYTES)}needle`);
		t.add({ topic: 'late', time: 2, retain: false, payload: late });
		expect(t.searchPayloads('needle')).toEqual([]);
		expect(t.searchPayloads('xxx')).toEqual(['late']);
	});

	it('handles 100,000 topics and shows a screen of rows quickly', () => {
		const t = new TopicTree();
		for (let i = 0; i < 100_000; i++) {
			t.add({ topic: `site/${i % 100}/dev${i}`, time: i, retain: false, payload: empty });
		}
		expect(t.topicCount).toBe(100_000);
		const rows = t.rows(new Set(['site', 'site/5']), 0, 0, 50);
		expect(rows).toHaveLength(50);
		expect(t.rowCount(new Set(['site', 'site/5']))).toBe(1 + 100 + 1000);
	});
});
