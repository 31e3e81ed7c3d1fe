// What the first screen shows comes first: work it does not show (a desktop's Pub/Sub tools)
// waits until the history's first rows are read and drawn, so it does not take the main thread
// from them while the app starts.

let shown: Promise<void> = Promise.resolve();

/** Resolves once the next frame is drawn: after its animation frame, in the task that follows. */
export function nextFrameDrawn(): Promise<void> {
	return new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

/** Records the history read the first screen waits on (src/hooks.client.ts starts it). */
export function holdUntilRead(read: Promise<unknown>): void {
	shown = read.then(nextFrameDrawn, nextFrameDrawn);
}

/** Resolves once the first screen's rows are read and a frame has drawn them (or at once). */
export function afterFirstScreen(): Promise<void> {
	return shown;
}
