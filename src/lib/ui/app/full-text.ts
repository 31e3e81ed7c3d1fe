// The whole of a shortened text, for mouse and touch alike: a hover title, and on a long press
// a small popover whose text can be selected (a phone has no hover). One popover at a time.
import type { Attachment } from 'svelte/attachments';

/** How long a finger rests on the text before the popover opens, in ms (before the OS menu). */
const HOLD_MS = 450;
/** A finger that moves farther than this is scrolling, not pressing, in px. */
const SLOP_PX = 10;

/** The open popover and the means to close it. */
let open: { popover: HTMLElement; close: () => void } | undefined;

/**
 * Shows `text` in full when the pointer rests on the element (title) and when a finger holds it
 * (a popover below it with selectable text, closed by a tap elsewhere or Escape). A long press
 * does not also click the element.
 */
export function fullText(text: string): Attachment<HTMLElement> {
	return (element) => {
		element.title = text;
		let timer: ReturnType<typeof setTimeout> | undefined;
		let startX = 0;
		let startY = 0;
		/** The press opened the popover: the click that may follow is not a tap. */
		let pressed = false;

		const cancel = () => {
			clearTimeout(timer);
			timer = undefined;
		};
		const down = (event: PointerEvent) => {
			pressed = false;
			if (event.pointerType !== 'touch') return;
			startX = event.clientX;
			startY = event.clientY;
			cancel();
			timer = setTimeout(() => {
				timer = undefined;
				pressed = true;
				showPopover(element, text);
			}, HOLD_MS);
		};
		const move = (event: PointerEvent) => {
			if (timer && Math.hypot(event.clientX - startX, event.clientY - startY) > SLOP_PX) cancel();
		};
		const click = (event: MouseEvent) => {
			if (!pressed) return;
			pressed = false;
			event.preventDefault();
			event.stopPropagation();
		};
		// The browser's own long-press menu would cover the popover.
		const menu = (event: Event) => {
			if (timer || pressed) event.preventDefault();
		};

		element.addEventListener('pointerdown', down);
		element.addEventListener('pointermove', move);
		element.addEventListener('pointerup', cancel);
		element.addEventListener('pointercancel', cancel);
		element.addEventListener('click', click, true);
		element.addEventListener('contextmenu', menu);
		return () => {
			cancel();
			element.removeEventListener('pointerdown', down);
			element.removeEventListener('pointermove', move);
			element.removeEventListener('pointerup', cancel);
			element.removeEventListener('pointercancel', cancel);
			element.removeEventListener('click', click, true);
			element.removeEventListener('contextmenu', menu);
		};
	};
}

/** Opens the popover for `text` under (or, near the bottom, above) the element. */
function showPopover(anchor: HTMLElement, text: string): void {
	open?.close();
	const popover = document.createElement('div');
	popover.popover = 'manual';
	popover.className = 'full-text';
	popover.dataset.testid = 'full-text';
	// Plain text only (a topic is never markup), with a line break allowed after each `/`.
	const parts = text.split('/');
	parts.forEach((part, i) => {
		popover.append(i < parts.length - 1 ? `${part}/` : part);
		if (i < parts.length - 1) popover.append(document.createElement('wbr'));
	});
	document.body.append(popover);
	popover.showPopover();

	const box = anchor.getBoundingClientRect();
	const { width, height } = popover.getBoundingClientRect();
	const below = box.bottom + 4 + height <= window.innerHeight;
	popover.style.top = `${below ? box.bottom + 4 : Math.max(4, box.top - 4 - height)}px`;
	popover.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - 8 - width))}px`;

	const outside = (event: Event) => {
		if (!popover.contains(event.target as Node)) close();
	};
	const key = (event: KeyboardEvent) => {
		if (event.key !== 'Escape') return;
		// Only the popover closes, not a sheet it may sit on.
		event.preventDefault();
		event.stopPropagation();
		close();
	};
	const close = () => {
		document.removeEventListener('pointerdown', outside, true);
		document.removeEventListener('keydown', key, true);
		popover.remove();
		if (open?.popover === popover) open = undefined;
	};
	// The finger still down is the long press itself; the next press anywhere else closes it.
	document.addEventListener('pointerdown', outside, true);
	document.addEventListener('keydown', key, true);
	open = { popover, close };
}
