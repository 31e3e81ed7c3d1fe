import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterFirstScreen, holdUntilRead } from './first-screen';

// Node has no frames: one here is the next macrotask, as a browser's next frame comes after it.
beforeEach(() => {
	globalThis.requestAnimationFrame = (draw: FrameRequestCallback) =>
		setTimeout(() => draw(performance.now())) as unknown as number;
});
afterEach(() => {
	delete (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame;
});

/** Whether `promise` has settled after the tasks queued so far have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
	let done = false;
	void promise.then(() => (done = true));
	await new Promise((resolve) => setTimeout(resolve, 5));
	return done;
}

describe('afterFirstScreen', () => {
	it('waits for the first screen’s history read, then for a frame', async () => {
		let finish!: () => void;
		holdUntilRead(new Promise<void>((resolve) => (finish = resolve)));
		const after = afterFirstScreen();
		expect(await settled(after)).toBe(false);
		finish();
		expect(await settled(after)).toBe(true);
	});

	it('lets the rest load also when that read fails', async () => {
		holdUntilRead(Promise.reject(new Error('database closed')));
		expect(await settled(afterFirstScreen())).toBe(true);
	});
});
