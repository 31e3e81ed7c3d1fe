// @ts-check
/**
 * The bench's baseline page: connects mqtt.js (main thread) to the broker named by ?url=,
 * subscribes to ?sub= and only counts messages. window.benchCount / benchLastAt / benchReady
 * are read by bench/ingest.js. With ?reconnect=<ms> mqtt.js reconnects on its own after that
 * period, and window.benchConnects lists when each CONNACK came (bench/resume.js).
 */
// @ts-expect-error The browser bundle is served by the bench server; it has only a default export.
import mqtt from '/bench/mqtt.esm.js';

const params = new URLSearchParams(location.search);
const url = params.get('url') ?? '';
const filter = params.get('sub') ?? '#';
const output = /** @type {HTMLOutputElement} */ (document.getElementById('count'));

const reconnectPeriod = Number(params.get('reconnect') ?? 0);

/** @type {Window & { benchCount?: number, benchLastAt?: number, benchFirstAt?: number, benchReady?: boolean, benchError?: string, benchConnects?: number[] }} */
const w = window;
w.benchCount = 0;
w.benchLastAt = 0;
w.benchReady = false;
w.benchConnects = [];

const client = mqtt.connect(url, { protocolVersion: 5, reconnectPeriod });
client.on('message', () => {
	w.benchCount = (w.benchCount ?? 0) + 1;
	w.benchLastAt = Date.now();
	if (w.benchCount === 1) w.benchFirstAt = w.benchLastAt;
});
client.on('error', (/** @type {Error} */ err) => {
	w.benchError = err.message;
});
client.on('connect', () => {
	w.benchConnects?.push(Date.now());
	if (w.benchReady) return;
	client.subscribe(filter, { qos: 0 }, (/** @type {Error | null} */ err) => {
		if (err) w.benchError = err.message;
		else w.benchReady = true;
	});
});
// The count on screen is refreshed per frame, not per message, like any sane UI would.
const paint = () => {
	output.value = String(w.benchCount);
	requestAnimationFrame(paint);
};
requestAnimationFrame(paint);
