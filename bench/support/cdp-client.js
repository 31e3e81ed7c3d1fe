// @ts-check
/**
 * A bare DevTools protocol client over the browser's WebSocket, for measuring a page that no
 * automation drives: it enables nothing it is not asked to (Playwright enables the Network,
 * Runtime and Page domains of every page and worker it attaches, and the browser then sends it
 * an event for every request and WebSocket frame).
 */
import WebSocket from 'ws';

/**
 * @typedef {object} CdpSession one target's flattened session on the browser's connection
 * @property {(method: string, params?: object) => Promise<any>} send
 * @property {(expression: string) => Promise<any>} evaluate runs an expression in the target
 *   (awaiting a promise) and returns its value as JSON
 */

/**
 * Connects to the browser at `endpoint` (its ws://…/devtools/browser/… URL).
 * @param {string} endpoint
 */
export async function connectCdp(endpoint) {
	const socket = new WebSocket(endpoint, { perMessageDeflate: false, maxPayload: 1 << 30 });
	await new Promise((resolve, reject) => {
		socket.once('open', resolve);
		socket.once('error', reject);
	});
	let nextId = 1;
	/** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, method: string }>} */
	const waiting = new Map();
	/** @type {Map<string, ((params: any, sessionId?: string) => void)[]>} */
	const listeners = new Map();
	socket.on('message', (data) => {
		const message = JSON.parse(String(data));
		if (message.id !== undefined) {
			const call = waiting.get(message.id);
			waiting.delete(message.id);
			if (message.error) call?.reject(new Error(`${call.method}: ${message.error.message}`));
			else call?.resolve(message.result);
		} else {
			for (const listener of listeners.get(message.method) ?? []) {
				listener(message.params, message.sessionId);
			}
		}
	});
	socket.on('close', () => {
		for (const call of waiting.values()) call.reject(new Error(`${call.method}: disconnected`));
		waiting.clear();
	});

	/**
	 * @param {string} method
	 * @param {object} [params]
	 * @param {string} [sessionId]
	 * @returns {Promise<any>}
	 */
	const send = (method, params = {}, sessionId) =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			waiting.set(id, { resolve, reject, method });
			socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
		});

	return {
		send,
		/**
		 * Calls `listener` with every `method` event (of any session) until the connection closes.
		 * @param {string} method
		 * @param {(params: any, sessionId?: string) => void} listener
		 */
		on(method, listener) {
			listeners.set(method, [...(listeners.get(method) ?? []), listener]);
		},
		/**
		 * Attaches to the first target of `type` whose URL `matches`.
		 * @param {string} type 'page' or 'worker'
		 * @param {(url: string) => boolean} matches
		 * @returns {Promise<CdpSession>}
		 */
		async attach(type, matches) {
			const { targetInfos } = await send('Target.getTargets');
			/** @type {{ targetId: string, type: string, url: string }[]} */
			const targets = targetInfos;
			const target = targets.find((t) => t.type === type && matches(t.url));
			if (!target) throw new Error(`no ${type} target matches`);
			const { sessionId } = await send('Target.attachToTarget', {
				targetId: target.targetId,
				flatten: true
			});
			/** @type {(method: string, params?: object) => Promise<any>} */
			const sessionSend = (method, params) => send(method, params, sessionId);
			return {
				send: sessionSend,
				async evaluate(expression) {
					const { result, exceptionDetails } = await sessionSend('Runtime.evaluate', {
						expression,
						awaitPromise: true,
						returnByValue: true
					});
					if (exceptionDetails) {
						throw new Error(`evaluate: ${exceptionDetails.exception?.description ?? expression}`);
					}
					return result.value;
				}
			};
		},
		/** Closes the connection; the browser and its pages go on. */
		close: () => socket.close()
	};
}
