// @ts-check
/** The JS heap of the app's engine worker, which performance.memory cannot see. */
import { setTimeout as sleep } from 'node:timers/promises';

/** @typedef {import('playwright-core').Browser} Browser */

/**
 * Samples the used JS heap of every dedicated worker through CDP (performance.memory does not
 * exist in workers). Attaches once; each sample() asks every worker for Runtime.getHeapUsage.
 * @param {Browser} browser
 */
export async function workerHeapSampler(browser) {
	const cdp = await browser.newBrowserCDPSession();
	const { targetInfos } = await cdp.send('Target.getTargets');
	/** @type {string[]} */
	const sessions = [];
	for (const worker of targetInfos.filter((t) => t.type === 'worker')) {
		const { sessionId } = await cdp.send('Target.attachToTarget', {
			targetId: worker.targetId,
			flatten: false
		});
		sessions.push(sessionId);
	}
	let nextId = 1;
	/** @type {Map<number, (result: Record<string, number>) => void>} */
	const waiting = new Map();
	cdp.on('Target.receivedMessageFromTarget', (event) => {
		const message = JSON.parse(event.message);
		const done = waiting.get(message.id);
		if (!done) return;
		waiting.delete(message.id);
		done(message.result ?? {});
	});
	/**
	 * Sends one DevTools command to a worker; resolves with its result ({} on timeout).
	 * @param {string} sessionId @param {string} method @param {number} [timeoutMs]
	 * @returns {Promise<Record<string, number>>}
	 */
	const send = async (sessionId, method, timeoutMs = 5000) => {
		const id = nextId++;
		/** @type {Promise<Record<string, number>>} */
		const reply = new Promise((resolveReply) => waiting.set(id, resolveReply));
		await cdp.send('Target.sendMessageToTarget', {
			sessionId,
			message: JSON.stringify({ id, method })
		});
		return Promise.race([reply, sleep(timeoutMs).then(() => ({}))]);
	};
	/** @param {string} sessionId */
	const usage = (sessionId) => send(sessionId, 'Runtime.getHeapUsage').catch(() => ({}));
	/** @param {string} sessionId */
	const ask = async (sessionId) => (await usage(sessionId)).usedSize ?? 0;
	return {
		workers: sessions.length,
		/** @returns {Promise<number | null>} summed used heap, null without workers */
		async sample() {
			if (sessions.length === 0) return null;
			const sizes = await Promise.all(sessions.map((s) => ask(s).catch(() => 0)));
			return sizes.reduce((a, b) => a + b, 0);
		},
		/**
		 * The JS heap and the ArrayBuffer backing stores (payload bytes live there, outside the
		 * heap) of every worker, summed; with `gc`, after a full garbage collection in each.
		 * @param {{ gc?: boolean }} [options]
		 * @returns {Promise<{ heap: number, buffers: number }>}
		 */
		async memory({ gc = false } = {}) {
			if (gc)
				await Promise.all(sessions.map((s) => send(s, 'HeapProfiler.collectGarbage', 60_000)));
			const results = await Promise.all(sessions.map(usage));
			return {
				heap: results.reduce((sum, r) => sum + (r.usedSize ?? 0), 0),
				buffers: results.reduce((sum, r) => sum + (r.backingStorageSize ?? 0), 0)
			};
		},
		async close() {
			await cdp.detach().catch(() => undefined);
		}
	};
}
