/**
 * Splits streamed text into lines with a length budget. Each character is looked at once and
 * each line joined once: re-splitting the unfinished line with every chunk made a file that is
 * one long line cost its length squared, and it grew until the tab ran out of memory.
 */

/** A complete line, or the news that one was longer than the budget (its text is dropped). */
export type SplitLine = { text: string } | { tooLong: true };

/** Cuts text chunks into lines ("\n", with a "\r" before it dropped); long lines are skipped. */
export class LineSplitter {
	#parts: string[] = [];
	#length = 0;
	#tooLong = false;

	/** `maxChars`: longer lines are reported as too long, and never held in memory whole. */
	constructor(readonly maxChars: number) {}

	/** The lines that `text` completes, in order. */
	push(text: string): SplitLine[] {
		const lines: SplitLine[] = [];
		let start = 0;
		for (;;) {
			const newline = text.indexOf('\n', start);
			if (newline === -1) {
				this.#add(text.slice(start));
				return lines;
			}
			this.#add(text.slice(start, newline));
			lines.push(this.#take());
			start = newline + 1;
		}
	}

	/** The last line, when the text did not end with a newline. */
	end(): SplitLine[] {
		return this.#length > 0 || this.#tooLong ? [this.#take()] : [];
	}

	#add(piece: string): void {
		if (this.#tooLong || piece === '') return;
		this.#length += piece.length;
		if (this.#length > this.maxChars) {
			this.#tooLong = true;
			this.#parts = [];
		} else {
			this.#parts.push(piece);
		}
	}

	#take(): SplitLine {
		const line: SplitLine = this.#tooLong
			? { tooLong: true }
			: { text: this.#parts.join('').replace(/\r$/, '') };
		this.#parts = [];
		this.#length = 0;
		this.#tooLong = false;
		return line;
	}
}
