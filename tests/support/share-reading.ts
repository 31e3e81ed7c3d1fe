/**
 * Reading what the Share dialog makes without the app's code: the JSON packed in a share link,
 * and the text of the QR code on screen (a screenshot's pixels, decoded by jsQR).
 */
import { inflateRawSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import jsQR from 'jsqr';

/** The JSON inside a share link (`#share=1.<base64url of deflate-raw JSON>`). */
export function sharePayloadText(link: string): string {
	const token = link.slice(link.indexOf('#share=') + '#share='.length);
	return inflateRawSync(Buffer.from(token.slice(token.indexOf('.') + 1), 'base64url')).toString();
}

/** The text of the QR code on screen, or undefined when none can be read. */
export async function readQrCode(page: Page, qr: Locator): Promise<string | undefined> {
	const png = await qr.screenshot();
	const image = await page.evaluate(async (base64) => {
		const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
		const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
		const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
		const context = canvas.getContext('2d')!;
		context.drawImage(bitmap, 0, 0);
		const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
		return { data: Array.from(data), width, height };
	}, png.toString('base64'));
	return jsQR(Uint8ClampedArray.from(image.data), image.width, image.height)?.data;
}
