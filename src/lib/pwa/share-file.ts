// Every export (messages, chart PNG and CSV, dashboard JSON) goes through here: to the phone's
// share sheet when the browser can share that file (Web Share with files), else as a download.
import { refusedShareNote, shareFailure, type Delivery } from '$lib/shared/profile/share-outcome';

/** A file an export produced, ready to hand to the user. */
export interface ExportFile {
	blob: Blob;
	name: string;
}

function asFile({ blob, name }: ExportFile): File {
	return new File([blob], name, { type: blob.type });
}

/**
 * Whether this browser can put a file of this name and type in the share sheet (browsers share
 * only the types on their own allow-lists, so each export asks for its own kind of file).
 */
export function canShareFile(name: string, type: string): boolean {
	if (typeof navigator === 'undefined' || typeof navigator.canShare !== 'function') return false;
	try {
		return navigator.canShare({ files: [new File([''], name, { type })] });
	} catch {
		return false;
	}
}

/** Saves the file through the browser's download. */
export function downloadFile({ blob, name }: ExportFile): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	link.click();
	// The download holds its own copy once started; free the blob URL soon after.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Opens the share sheet with the file; downloads it where sharing is missing or refused. */
export async function shareOrDownload(file: ExportFile, title: string): Promise<Delivery> {
	const shareable = asFile(file);
	if (typeof navigator.canShare !== 'function' || !navigator.canShare({ files: [shareable] })) {
		downloadFile(file);
		return { how: 'downloaded' };
	}
	// The share sheet needs a tap in the last few seconds; a long export has used that up.
	if (navigator.userActivation && !navigator.userActivation.isActive) return { how: 'needs-tap' };
	try {
		await navigator.share({ files: [shareable], title });
		return { how: 'shared' };
	} catch (error) {
		if (shareFailure(error) === 'cancelled') return { how: 'cancelled' };
		downloadFile(file);
		return { how: 'downloaded', note: refusedShareNote(error) };
	}
}
