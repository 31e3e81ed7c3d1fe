// @ts-check
/**
 * A CPU profile of a page's dedicated worker, over the browser's CDP session: Playwright gives
 * no CDP session for a worker, so this attaches to the worker's target (not flattened) and sends
 * the Profiler commands through Target.sendMessageToTarget.
 */

/**
 * Starts profiling the first worker target whose script URL `matches` and returns a function
 * that stops it and resolves to the profile (a .cpuprofile's JSON).
 * @param {import('playwright-core').Browser} browser
 * @param {(url: string) => boolean} matches which worker, by its script URL
 * @returns {Promise<() => Promise<unknown>>}
 */
export async function startWorkerProfile(browser, matches) {
	const cdp = await browser.newBrowserCDPSession();
	const { targetInfos } = await cdp.send('Target.getTargets');
	const target = targetInfos.find((t) => t.type === 'worker' && matches(t.url));
	if (!target) throw new Error('no such worker target');
	const { sessionId } = await cdp.send('Target.attachToTarget', {
		targetId: target.targetId,
		flatten: false
	});
	let nextId = 1;
	/** @type {Map<number, (result: any) => void>} */
	const waiting = new Map();
	cdp.on('Target.receivedMessageFromTarget', (event) => {
		if (event.sessionId !== sessionId) return;
		const message = JSON.parse(event.message);
		waiting.get(message.id)?.(message.result);
		waiting.delete(message.id);
	});
	/** @param {string} method */
	const send = (method, params = {}) =>
		new Promise((resolve) => {
			const id = nextId++;
			waiting.set(id, resolve);
			void cdp.send('Target.sendMessageToTarget', {
				sessionId,
				message: JSON.stringify({ id, method, params })
			});
		});
	await send('Profiler.enable');
	await send('Profiler.setSamplingInterval', { interval: 200 });
	await send('Profiler.start');
	return async () => {
		const { profile } = /** @type {any} */ (await send('Profiler.stop'));
		await cdp.detach();
		return profile;
	};
}
