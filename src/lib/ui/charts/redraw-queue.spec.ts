import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelRedraw, requestRedraw } from './redraw-queue';

/** Animation frames asked for and not yet run; the test runs them (Node has no frame clock). */
let frames: FrameRequestCallback[] = [];

/** Runs the frames asked for so far, as the browser would in its next frame. */
function nextFrame(): void {
	const due = frames;
	frames = [];
	for (const callback of due) callback(performance.now());
}

/**
 * Runs frames until none is asked for, a millisecond apart: the queue spaces redraws by the
 * time the last one took (ten times it), so a frame right after a draw may draw nothing.
 */
async function drain(): Promise<void> {
	for (let i = 0; i < 200 && frames.length; i++) {
		nextFrame();
		await new Promise((resolve) => setTimeout(resolve, 1));
	}
}

beforeEach(() => {
	frames = [];
	vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
		frames.push(callback);
		return frames.length;
	});
});

afterEach(async () => {
	// Leave no request behind for the next test.
	await drain();
	vi.unstubAllGlobals();
});

describe('redraw queue', () => {
	it('draws a requested chart in a coming frame, once however often it asked', async () => {
		const draw = vi.fn();
		requestRedraw(draw);
		requestRedraw(draw);
		expect(draw).not.toHaveBeenCalled();
		await drain();
		expect(draw).toHaveBeenCalledTimes(1);
	});

	it('runs a frame whose only request was withdrawn without drawing or throwing', () => {
		const draw = vi.fn();
		requestRedraw(draw);
		expect(frames).toHaveLength(1);
		// The chart scrolled off screen (or was destroyed) before the frame came.
		expect(cancelRedraw(draw)).toBe(true);
		expect(() => nextFrame()).not.toThrow();
		expect(draw).not.toHaveBeenCalled();
		// Nothing waits, so no further frame is asked for.
		expect(frames).toHaveLength(0);
	});

	it('still draws a chart that asks again after a withdrawn request', async () => {
		const gone = vi.fn();
		const shown = vi.fn();
		requestRedraw(gone);
		cancelRedraw(gone);
		requestRedraw(shown);
		await drain();
		expect(gone).not.toHaveBeenCalled();
		expect(shown).toHaveBeenCalledTimes(1);
	});
});
