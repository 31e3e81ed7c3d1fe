/** Time constant of the message-rate average, in ms: rates follow about the last 10 s. */
const RATE_TAU_MS = 10_000;

/** Natural order: digits compare as numbers, so `sensor19` comes before `sensor189`. */
const naturalOrder = new Intl.Collator(undefined, { numeric: true });

/** Orders level names naturally; names the collator deems equal fall back to code units. */
export function compareLevels(a: string, b: string): number {
	return naturalOrder.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Bytes of each topic's last payload the tree keeps, copied: enough for a row's one-line preview.
 * The whole payload is in history (read when the topic is opened); keeping every topic's last
 * one here made the worker's memory grow with payload size times topic count.
 */
export const PREVIEW_BYTES = 256;

/** What the tree is given of a message. */
export interface TreeMessage {
	topic: string;
	time: number;
	retain: boolean;
	/** Only its first PREVIEW_BYTES are kept (a copy, so the message's buffer is not held). */
	payload: Uint8Array;
}

/** One level of a topic: its own messages and its children's. */
interface TreeNode {
	name: string;
	path: string;
	children: Map<string, TreeNode>;
	/** The children in natural order, kept until a child is added (sorting is not cheap). */
	sorted: TreeNode[] | undefined;
	/** Messages on exactly this topic. */
	count: number;
	/** Topics with messages at or below this node. */
	topics: number;
	lastTime: number;
	/** The first PREVIEW_BYTES of the last payload, and that payload's full size. */
	preview: Uint8Array | undefined;
	lastSize: number;
	retained: boolean;
	/** Exponential moving average of messages/s, as of `rateTime`. */
	rate: number;
	rateTime: number;
}

/** A node as a row on screen. */
export interface TreeRow {
	path: string;
	name: string;
	depth: number;
	/** Whether the node has children, and whether they are shown. */
	hasChildren: boolean;
	expanded: boolean;
	count: number;
	/** Topics with messages below this node (not counting itself). */
	subtopics: number;
	lastTime: number;
	/** The first PREVIEW_BYTES of the last payload (shorter than lastSize when cut). */
	preview: Uint8Array | undefined;
	lastSize: number;
	retained: boolean;
	/** Messages per second on this topic, averaged over about 10 s. */
	rate: number;
}

function newNode(name: string, path: string): TreeNode {
	return {
		name,
		path,
		children: new Map(),
		sorted: undefined,
		count: 0,
		topics: 0,
		lastTime: 0,
		preview: undefined,
		lastSize: 0,
		retained: false,
		rate: 0,
		rateTime: 0
	};
}

/** The rate of a node as of `now`, decayed since its last message. */
function rateAt(node: TreeNode, now: number): number {
	return node.rate * Math.exp(-(now - node.rateTime) / RATE_TAU_MS);
}

/**
 * Every topic seen, one level per node, updated one message at a time in O(levels). Rows for
 * the screen are produced for the expanded part only, so 100,000 topics stay cheap to show.
 */
export class TopicTree {
	#root = newNode('', '');
	#version = 0;

	/** Changes whenever a message is added. */
	get version(): number {
		return this.#version;
	}

	/** How many distinct topics have messages. */
	get topicCount(): number {
		return this.#root.topics;
	}

	/** Adds one message. */
	add(message: TreeMessage): void {
		const levels = treeLevels(message.topic);
		const path: TreeNode[] = [this.#root];
		let node = this.#root;
		// Each node's path is a slice of the topic (V8 shares the characters): joining levels
		// anew per node made one 65,535-byte topic of 32,768 levels cost gigabytes.
		let end = -1;
		for (let i = 0; i < levels.length; i++) {
			end += levels[i].length + 1;
			let child = node.children.get(levels[i]);
			if (!child) {
				child = newNode(levels[i], message.topic.slice(0, end));
				node.children.set(levels[i], child);
				node.sorted = undefined;
			}
			node = child;
			path.push(node);
		}
		if (node.count === 0) for (const ancestor of path) ancestor.topics++;
		node.count++;
		// History can be added after live messages: only a newer message replaces the last one.
		if (message.time >= node.lastTime) {
			node.lastTime = message.time;
			node.preview = message.payload.slice(0, PREVIEW_BYTES);
			node.lastSize = message.payload.length;
			// An empty retained message deletes the retained one (MQTT 5 §3.3.1.3).
			node.retained = message.retain && message.payload.length > 0;
		}
		if (message.time >= node.rateTime) {
			node.rate = rateAt(node, message.time) + 1000 / RATE_TAU_MS;
			node.rateTime = message.time;
		}
		this.#version++;
	}

	/** The visible rows: children of the root, and of every expanded node, depth first. */
	rows(expanded: ReadonlySet<string>, now: number, offset = 0, limit = Infinity): TreeRow[] {
		const rows: TreeRow[] = [];
		let index = 0;
		const visit = (node: TreeNode, depth: number): boolean => {
			for (const child of sortedChildren(node)) {
				const open = expanded.has(child.path);
				if (index >= offset) {
					if (rows.length >= limit) return false;
					rows.push(toRow(child, depth, open, now));
				}
				index++;
				if (open && child.children.size && !visit(child, depth + 1)) return false;
			}
			return true;
		};
		visit(this.#root, 0);
		return rows;
	}

	/** How many rows `rows(expanded)` has in all (for the scroll height). */
	rowCount(expanded: ReadonlySet<string>): number {
		let count = 0;
		const visit = (node: TreeNode) => {
			for (const child of node.children.values()) {
				count++;
				if (expanded.has(child.path)) visit(child);
			}
		};
		visit(this.#root);
		return count;
	}

	/** Topics (with messages) whose path contains `text`, case-insensitive, at most `limit`. */
	search(text: string, limit = 500): string[] {
		const needle = text.toLowerCase();
		const found: string[] = [];
		const stack = [this.#root];
		while (stack.length && found.length < limit) {
			const node = stack.pop()!;
			if (node.count > 0 && node.path.toLowerCase().includes(needle)) found.push(node.path);
			for (const child of node.children.values()) stack.push(child);
		}
		return found.sort(compareLevels);
	}

	/**
	 * Topics whose LAST payload, decoded as UTF-8, contains `text` (case-insensitive), at most
	 * `limit`. Only the first PREVIEW_BYTES of the last value are kept per node, so text further
	 * in, or in older values, is never matched.
	 */
	searchPayloads(text: string, limit = 500): string[] {
		const needle = text.toLowerCase();
		const decoder = new TextDecoder();
		const found: string[] = [];
		const stack = [this.#root];
		while (stack.length && found.length < limit) {
			const node = stack.pop()!;
			if (node.preview && decoder.decode(node.preview).toLowerCase().includes(needle)) {
				found.push(node.path);
			}
			for (const child of node.children.values()) stack.push(child);
		}
		return found.sort(compareLevels);
	}

	/**
	 * The levels to open when the tree is first shown: from the top, a level with no messages of
	 * its own opens, and so does its only child, and so on, down to the first level that holds
	 * messages (left closed: its row is what to see) or branches into several (opened to show them).
	 */
	autoOpenPaths(): string[] {
		const paths: string[] = [];
		let node = this.#root;
		while (node.children.size === 1) {
			const [child] = node.children.values();
			if (child.count > 0 || child.children.size === 0) break;
			paths.push(child.path);
			node = child;
		}
		return paths;
	}

	/** The levels shown open: those the user opened, and the auto-opened chain less those closed. */
	openLevels(expanded: Iterable<string>, closed: Iterable<string>): Set<string> {
		const open = new Set(expanded);
		const shut = new Set(closed);
		for (const path of this.autoOpenPaths()) if (!shut.has(path)) open.add(path);
		return open;
	}

	/** Every ancestor path of a topic: what to expand to show it. */
	static ancestors(topic: string): string[] {
		const levels = treeLevels(topic);
		const out: string[] = [];
		let end = -1;
		for (const level of levels.slice(0, -1)) {
			end += level.length + 1;
			out.push(topic.slice(0, end));
		}
		return out;
	}
}

/** Topic levels the tree gives a node each; deeper levels stay together in the last node. */
export const MAX_TREE_LEVELS = 100;

/** A topic's levels as the tree shows them: at most MAX_TREE_LEVELS, the rest in the last. */
function treeLevels(topic: string): string[] {
	const levels = topic.split('/');
	if (levels.length <= MAX_TREE_LEVELS) return levels;
	return [...levels.slice(0, MAX_TREE_LEVELS - 1), levels.slice(MAX_TREE_LEVELS - 1).join('/')];
}

function sortedChildren(node: TreeNode): TreeNode[] {
	node.sorted ??= [...node.children.values()].sort((a, b) => compareLevels(a.name, b.name));
	return node.sorted;
}

function toRow(node: TreeNode, depth: number, expanded: boolean, now: number): TreeRow {
	return {
		path: node.path,
		name: node.name,
		depth,
		hasChildren: node.children.size > 0,
		expanded,
		count: node.count,
		subtopics: node.topics - (node.count > 0 ? 1 : 0),
		lastTime: node.lastTime,
		preview: node.preview,
		lastSize: node.lastSize,
		retained: node.retained,
		rate: rateAt(node, now)
	};
}
