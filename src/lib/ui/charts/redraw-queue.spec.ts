import { describe, expect, it } from 'vitest';
import { RedrawQueue, type FrameHost } from './redraw-queue';

/** A page with a hand-driven clock: frames and timers run only when the test says so. */
function fakePage() {
	let time = 0;
	let frames: (() => void)[] = [];
	let timers: { at: number; callback: () => void }[] = [];
	const host: FrameHost = {
		frame: (callback) => void frames.push(callback),
		timer: (callback, ms) => void timers.push({ at: time + ms, callback }),
		now: () => time
	};
	return {
		host,
		/** Frames asked for and not yet run. */
		get framesAsked() {
			return frames.length;
		},
		get timersSet() {
			return timers.length;
		},
		/** Runs the frames asked for so far (those they ask for wait for the next call). */
		frame() {
			const due = frames;
			frames = [];
			for (const callback of due) callback();
		},
		/** Moves the clock on and fires the timers that are due. */
		advance(ms: number) {
			time += ms;
			const due = timers.filter((t) => t.at <= time);
			timers = timers.filter((t) => t.at > time);
			for (const t of due) t.callback();
		},
		/** A redraw that takes `ms` of the clock and logs its name. */
		draw(log: string[], name: string, ms: number) {
			return () => {
				log.push(name);
				time += ms;
			};
		}
	};
}

describe('RedrawQueue', () => {
	it('draws the charts asked for in one frame, each once however often it asked', () => {
		const page = fakePage();
		const queue = new RedrawQueue(page.host, 1);
		const log: string[] = [];
		const a = page.draw(log, 'a', 0);
		const b = page.draw(log, 'b', 0);
		queue.request(a);
		queue.request(b);
		queue.request(a);
		expect(page.framesAsked).toBe(1);
		page.frame();
		expect(log).toEqual(['a', 'b']);
		page.frame();
		expect(log).toEqual(['a', 'b']);
		expect(page.framesAsked).toBe(0);
	});

	it('starts no redraw in a frame past its budget: slow charts get a frame each', () => {
		const page = fakePage();
		const queue = new RedrawQueue(page.host, 1, 8);
		const log: string[] = [];
		queue.request(page.draw(log, 'a', 3));
		queue.request(page.draw(log, 'b', 6));
		queue.request(page.draw(log, 'c', 3));
		page.frame();
		// 9 ms spent after b: c waits for a frame of its own.
		expect(log).toEqual(['a', 'b']);
		page.advance(9);
		page.frame();
		expect(log).toEqual(['a', 'b', 'c']);
	});

	it('draws nothing more in a frame for a chart an earlier redraw withdrew', () => {
		const page = fakePage();
		const queue = new RedrawQueue(page.host, 1);
		const log: string[] = [];
		const b = page.draw(log, 'b', 0);
		queue.request(() => {
			log.push('a');
			queue.cancel(b);
		});
		queue.request(b);
		page.frame();
		expect(log).toEqual(['a']);
		expect(page.framesAsked).toBe(0);
	});

	it('keeps all redraws within its share of the time', () => {
		const page = fakePage();
		const queue = new RedrawQueue(page.host, 0.1);
		const log: string[] = [];
		const a = page.draw(log, 'a', 30);
		const b = page.draw(log, 'b', 30);
		queue.request(a);
		queue.request(b);
		page.frame();
		expect(log).toEqual(['a']);
		// 30 ms of drawing at a tenth of the thread: the next redraw waits 300 ms from the start.
		page.advance(269);
		page.frame();
		expect(log).toEqual(['a']);
		page.advance(1);
		page.frame();
		expect(log).toEqual(['a', 'b']);
	});

	it('waits on a timer, not on frames, until the next redraw is due', () => {
		const page = fakePage();
		const queue = new RedrawQueue(page.host, 0.1);
		const log: string[] = [];
		queue.request(page.draw(log, 'a', 20));
		queue.request(page.draw(log, 'b', 20));
		page.frame();
		// While the share is spent no frame is asked for: a frame asked and not used still
		// costs the page a whole rendering pass.
		expect(page.framesAsked).toBe(0);
		expect(page.timersSet).toBe(1);
		page.advance(180);
		expect(page.framesAsked).toBe(1);
		page.frame();
		expect(log).toEqual(['a', 'b']);
	});

	it('asks for nothing once every request is drawn or withdrawn', () => {
		const page = fakePage();
		const queue = new RedrawQueue(page.host, 0.5);
		const log: string[] = [];
		const a = page.draw(log, 'a', 10);
		const b = page.draw(log, 'b', 10);
		queue.request(a);
		queue.request(b);
		page.frame();
		expect(queue.cancel(b)).toBe(true);
		expect(queue.cancel(b)).toBe(false);
		page.advance(20);
		page.frame();
		expect(log).toEqual(['a']);
		expect(page.framesAsked).toBe(0);
		expect(page.timersSet).toBe(0);
	});

	it('runs a frame whose only request was withdrawn without drawing or throwing', () => {
		const page = fakePage();
		const queue = new RedrawQueue(page.host);
		const log: string[] = [];
		const draw = page.draw(log, 'gone', 5);
		queue.request(draw);
		// The chart scrolled off screen (or was destroyed) before its frame came.
		expect(queue.cancel(draw)).toBe(true);
		expect(() => page.frame()).not.toThrow();
		expect(log).toEqual([]);
		expect(page.framesAsked).toBe(0);
		// A chart asking afterwards is still drawn.
		queue.request(page.draw(log, 'shown', 5));
		page.frame();
		expect(log).toEqual(['shown']);
	});

	it('goes on with the other charts after a redraw throws', () => {
		const page = fakePage();
		const queue = new RedrawQueue(page.host, 1);
		const log: string[] = [];
		queue.request(() => {
			throw new Error('broken chart');
		});
		queue.request(page.draw(log, 'b', 0));
		expect(() => page.frame()).toThrow('broken chart');
		page.frame();
		expect(log).toEqual(['b']);
	});
});
