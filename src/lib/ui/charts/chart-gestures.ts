// What the pointer does on a chart's canvas, in the chart's terms: zoom (wheel, pinch), pan
// (drag), and where it hovers (the read-out). The chart itself is drawn in a worker, which gets
// no DOM events, so the page reads them here; shared/charts/x-view.ts turns them into a view.
import { wheelFactor } from '$lib/shared/charts/x-view';

/** What a chart does with its gestures; x and y are CSS px from the canvas's top left. */
export interface ChartGestures {
	/** Zoom `factor` times (> 1: in) around x. */
	zoom(factor: number, x: number): void;
	/** Move the view by `dx` px (> 0: the content follows a drag to the right). */
	pan(dx: number): void;
	/** The pointer rests at (x, y), or a finger tapped there: the read-out shows. */
	hover(x: number, y: number): void;
	/** The pointer left: the read-out goes. */
	leave(): void;
}

/** Reads gestures on `canvas` for `on`; returns the teardown. */
export function watchGestures(canvas: HTMLCanvasElement, on: ChartGestures): () => void {
	/** Pointers down on the canvas, where each was last. */
	const down = new Map<number, { x: number; y: number }>();
	const at = (e: MouseEvent) => {
		const box = canvas.getBoundingClientRect();
		return { x: e.clientX - box.left, y: e.clientY - box.top };
	};
	const spread = () => {
		const [a, b] = [...down.values()];
		return { distance: Math.hypot(a.x - b.x, a.y - b.y), x: (a.x + b.x) / 2 };
	};

	const wheel = (e: WheelEvent) => {
		// The wheel zooms the chart rather than scrolling the page past it.
		e.preventDefault();
		on.zoom(wheelFactor(e.deltaY, e.deltaMode === WheelEvent.DOM_DELTA_LINE), at(e).x);
	};
	const pointerdown = (e: PointerEvent) => {
		if (e.pointerType === 'mouse' && e.button !== 0) return;
		const p = at(e);
		down.set(e.pointerId, p);
		canvas.setPointerCapture(e.pointerId);
		// A tap shows the read-out where a finger has no hover.
		if (down.size === 1) on.hover(p.x, p.y);
	};
	const pointermove = (e: PointerEvent) => {
		const p = at(e);
		const last = down.get(e.pointerId);
		if (!last) {
			if (e.pointerType === 'mouse') on.hover(p.x, p.y);
			return;
		}
		if (down.size === 1) {
			down.set(e.pointerId, p);
			if (p.x !== last.x) on.pan(p.x - last.x);
			on.hover(p.x, p.y);
		} else if (down.size === 2) {
			const before = spread();
			down.set(e.pointerId, p);
			const after = spread();
			if (before.distance > 0 && after.distance > 0) {
				on.zoom(after.distance / before.distance, after.x);
			}
		}
	};
	// A finger's read-out stays after it lifts (as chart.js's own touch handling kept it).
	const pointerup = (e: PointerEvent) => void down.delete(e.pointerId);
	const pointerleave = (e: PointerEvent) => {
		if (!down.size && e.pointerType === 'mouse') on.leave();
	};

	const listeners = [
		['wheel', wheel, { passive: false }],
		['pointerdown', pointerdown, { passive: true }],
		['pointermove', pointermove, { passive: true }],
		['pointerup', pointerup, { passive: true }],
		['pointercancel', pointerup, { passive: true }],
		['pointerleave', pointerleave, { passive: true }]
	] as const;
	for (const [type, listener, options] of listeners) {
		canvas.addEventListener(type, listener as EventListener, options);
	}
	return () => {
		for (const [type, listener] of listeners) {
			canvas.removeEventListener(type, listener as EventListener);
		}
	};
}
