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
	/** @type {Map<number, (bytes: number) => void>} */
	const waiting = new Map();
	cdp.on('Target.receivedMessageFromTarget', (event) => {
		const message = JSON.parse(event.message);
		const done = waiting.get(message.id);
		if (!done) return;
		waiting.delete(message.id);
		done(message.result?.usedSize ?? 0);
	});
	/** @param {string} sessionId @returns {Promise<number>} */
	const ask = async (sessionId) => {
		const id = nextId++;
		/** @type {Promise<number>} */
		const reply = new Promise((resolveReply) => waiting.set(id, resolveReply));
		await cdp.send('Target.sendMessageToTarget', {
			sessionId,
			message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' })
		});
		return Promise.race([reply, sleep(5000).then(() => 0)]);
	};
	return {
		workers: sessions.length,
		/** @returns {Promise<number | null>} summed used heap, null without workers */
		async sample() {
			if (sessions.length === 0) return null;
			const sizes = await Promise.all(sessions.map((s) => ask(s).catch(() => 0)));
			return sizes.reduce((a, b) => a + b, 0);
		},
		async close() {
			await cdp.detach().catch(() => undefined);
		}
	};
}
