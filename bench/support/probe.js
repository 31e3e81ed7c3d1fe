// @ts-check
/**
 * Page-side instruments, injected with page.addInitScript before any page script runs.
 * Injected scripts are not subject to the page's CSP.
 */

/**
 * @typedef {object} ProbeResult
 * @property {number} frames rAF callbacks while active
 * @property {number} maxGapMs longest time between two rAF callbacks
 * @property {number} gapsOver100 gaps longer than 100 ms
 * @property {number} gapsOver200 gaps longer than 200 ms
 * @property {number} longTasks PerformanceObserver 'longtask' entries (> 50 ms)
 * @property {number} longTaskMs their summed duration
 * @property {number} maxLongTaskMs the longest one
 * @property {number} requests animation frames the probe asked for
 */

/**
 * Installs window.__benchProbe: a requestAnimationFrame loop measuring the main thread's frame
 * gaps, running only between start() and stop(), and a long-task observer counting only then.
 * Runs in the page: no closure over Node values.
 */
export function installProbe() {
	const zero = () => ({
		last: 0,
		frames: 0,
		maxGapMs: 0,
		gapsOver100: 0,
		gapsOver200: 0,
		longTasks: 0,
		longTaskMs: 0,
		maxLongTaskMs: 0
	});
	const state = { active: false, requests: 0, ...zero() };
	let pending = false;
	/** Asks for the next frame, counted so a bench can tell the probe's requests from the app's. */
	const next = () => {
		if (pending) return;
		pending = true;
		state.requests++;
		requestAnimationFrame(tick);
	};
	const tick = () => {
		pending = false;
		// The loop runs only between start() and stop(): a frame asked for every frame keeps the
		// page rendering, which is part of what the benches measure only while they count frames.
		if (!state.active) return;
		// performance.now(), not the rAF timestamp: the gap the user sees is when callbacks run.
		const now = performance.now();
		if (state.last) {
			const gap = now - state.last;
			state.frames++;
			if (gap > state.maxGapMs) state.maxGapMs = gap;
			if (gap > 100) state.gapsOver100++;
			if (gap > 200) state.gapsOver200++;
		}
		state.last = now;
		next();
	};
	try {
		new PerformanceObserver((list) => {
			if (!state.active) return;
			for (const entry of list.getEntries()) {
				state.longTasks++;
				state.longTaskMs += entry.duration;
				if (entry.duration > state.maxLongTaskMs) state.maxLongTaskMs = entry.duration;
			}
		}).observe({ type: 'longtask', buffered: false });
	} catch {
		// Long tasks are a bonus; the rAF probe is what the target is measured with.
	}
	/** @type {any} Page global read by bench/ingest.js through page.evaluate. */
	const w = window;
	w.__benchProbe = {
		start() {
			Object.assign(state, { active: true, requests: 0, ...zero() });
			next();
		},
		stop() {
			state.active = false;
			const { frames, maxGapMs, gapsOver100, gapsOver200, longTasks, longTaskMs } = state;
			return {
				frames,
				maxGapMs,
				gapsOver100,
				gapsOver200,
				longTasks,
				longTaskMs,
				maxLongTaskMs: state.maxLongTaskMs,
				requests: state.requests
			};
		}
	};
}

/**
 * Installs window.__benchCount for the app: a MutationObserver on the message count the app
 * shows, recording the value and the wall-clock time (Date.now(), same clock as Node) of every
 * change. The app only reports batches after IndexedDB committed them, so this is the
 * persisted count. The app may replace the counter element (a re-rendered pane or layout);
 * an observer on the old one then never fires again, so a slow poll finds the new one.
 */
export function installCountWatch() {
	/** @type {any} Page global read by bench/ingest.js through page.evaluate. */
	const w = window;
	w.__benchCount = { value: 0, at: 0, firstAt: 0 };
	/** @type {Element | null} */
	let watched = null;
	const observer = new MutationObserver(() => read());
	const options = { subtree: true, childList: true, characterData: true };
	const read = () => {
		if (!watched?.isConnected) {
			// Watch the whole document only until the counter exists, then just the counter, so the
			// probe does not pay for every message-list row the app renders.
			watched = document.querySelector('[data-testid=message-count]');
			observer.disconnect();
			observer.observe(watched ?? document.documentElement, options);
			if (!watched) return;
		}
		const value = Number((watched.textContent ?? '').replace(/\D/g, '')) || 0;
		if (value !== w.__benchCount.value) {
			const now = Date.now();
			if (!w.__benchCount.firstAt && value > 0) w.__benchCount.firstAt = now;
			w.__benchCount.value = value;
			w.__benchCount.at = now;
		}
	};
	if (document.documentElement) read();
	else document.addEventListener('DOMContentLoaded', read);
	setInterval(read, 250);
}
