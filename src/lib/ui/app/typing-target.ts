/**
 * Whether a key event's target takes text (a text field, a text area, a select, editable
 * content): app-wide shortcuts such as `/` must leave those keys to the field.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
	if (!(target instanceof HTMLElement)) return false;
	if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
	if (target instanceof HTMLSelectElement) return true;
	if (!(target instanceof HTMLInputElement)) return false;
	// Checkboxes, radios, buttons and the like take no typed text.
	return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(
		target.type
	);
}
