// @ts-check
/**
 * Draws the app icons (a white "signal" glyph on a teal square) and writes them as PNG with a
 * tiny hand-written encoder, so the icons are reproducible without an image toolchain.
 * Run: node scripts/make-icons.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = path.join(root, 'static');

/** Gradient ends of the background, around the manifest's theme_color #0f766e. */
const TEAL = { top: [0x14, 0x8f, 0x84], bottom: [0x0c, 0x5f, 0x59] };
/** The Local demo shortcut's background, so the two shortcuts tell apart at a glance. */
const INDIGO = { top: [0x5b, 0x5f, 0xd6], bottom: [0x3b, 0x3f, 0xa8] };
const GLYPH = [0xff, 0xff, 0xff];

// Glyph geometry in unit coordinates (icon = 1 x 1): a centred dot broadcasting to both sides
// through two pairs of concentric arcs, "((•))".
const ARC_HALF_ANGLE = (42 * Math.PI) / 180;
const R_INNER = 0.19;
const R_OUTER = 0.315;
const STROKE = 0.07;
const DOT = 0.085;

/** @type {Uint32Array} */
const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/**
 * CRC-32 as PNG chunks need it (ISO 3309).
 * @param {Buffer} buf
 */
function crc32(buf) {
	let c = 0xffffffff;
	for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/**
 * One PNG chunk: length, type, data, CRC over type + data.
 * @param {string} type
 * @param {Buffer} data
 */
function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/**
 * Encodes 8-bit RGBA pixels as a PNG (colour type 6, no interlace, filter 0 on every row).
 * @param {number} width
 * @param {number} height
 * @param {Uint8Array} rgba
 */
export function encodePng(width, height, rgba) {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8;
	ihdr[9] = 6;
	const stride = width * 4;
	const raw = Buffer.alloc((stride + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (stride + 1)] = 0;
		raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

/**
 * Signed distance to a rounded square of half-size `half` and corner radius `r`, centred at 0.5.
 * @param {number} x
 * @param {number} y
 * @param {number} half
 * @param {number} r
 */
function roundedSquare(x, y, half, r) {
	const qx = Math.abs(x - 0.5) - half + r;
	const qy = Math.abs(y - 0.5) - half + r;
	const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
	return outside + Math.min(Math.max(qx, qy), 0) - r;
}

/**
 * Distance to the pair of arcs of radius `radius` around the centre, facing left and right,
 * with round caps.
 * @param {number} x
 * @param {number} y
 * @param {number} radius
 */
function arcPairDistance(x, y, radius) {
	// Fold onto the right-hand arc: the glyph is symmetric in both axes.
	const dx = Math.abs(x - 0.5);
	const dy = Math.abs(y - 0.5);
	if (Math.atan2(dy, dx) <= ARC_HALF_ANGLE) return Math.abs(Math.hypot(dx, dy) - radius);
	const ex = radius * Math.cos(ARC_HALF_ANGLE);
	const ey = radius * Math.sin(ARC_HALF_ANGLE);
	return Math.hypot(dx - ex, dy - ey);
}

/**
 * True when unit point (x, y) is on the glyph, scaled by `scale` around the icon centre.
 * @param {number} x
 * @param {number} y
 * @param {number} scale
 */
function onGlyph(x, y, scale) {
	const gx = 0.5 + (x - 0.5) / scale;
	const gy = 0.5 + (y - 0.5) / scale;
	if (Math.hypot(gx - 0.5, gy - 0.5) <= DOT) return true;
	if (arcPairDistance(gx, gy, R_INNER) <= STROKE / 2) return true;
	return arcPairDistance(gx, gy, R_OUTER) <= STROKE / 2;
}

/**
 * Renders one icon with `samples`² supersampling per pixel for anti-aliased edges.
 * @param {number} size
 * @param {{ maskable: boolean, colors?: { top: number[], bottom: number[] } }} opts
 */
function render(size, { maskable, colors = TEAL }) {
	const samples = size <= 64 ? 8 : 5;
	const rgba = new Uint8Array(size * size * 4);
	// "any": a rounded square with a small transparent margin. Maskable: full bleed, and the glyph
	// shrunk so it stays inside the 80% safe-zone circle whatever mask the platform applies.
	const half = maskable ? 0.5 : 0.46;
	const corner = maskable ? 0 : 0.2;
	const glyphScale = maskable ? 0.8 : 0.92;
	for (let py = 0; py < size; py++) {
		for (let px = 0; px < size; px++) {
			let bg = 0;
			let fg = 0;
			for (let sy = 0; sy < samples; sy++) {
				for (let sx = 0; sx < samples; sx++) {
					const x = (px + (sx + 0.5) / samples) / size;
					const y = (py + (sy + 0.5) / samples) / size;
					if (roundedSquare(x, y, half, corner) > 0) continue;
					bg++;
					if (onGlyph(x, y, glyphScale)) fg++;
				}
			}
			const n = samples * samples;
			const t = (py + 0.5) / size;
			const g = bg === 0 ? 0 : fg / bg;
			const i = (py * size + px) * 4;
			for (let c = 0; c < 3; c++) {
				const back = colors.top[c] + (colors.bottom[c] - colors.top[c]) * t;
				rgba[i + c] = Math.round(back + (GLYPH[c] - back) * g);
			}
			rgba[i + 3] = Math.round((bg / n) * 255);
		}
	}
	return encodePng(size, size, rgba);
}

/**
 * An .ico holding PNG images (Vista+ and every current browser read PNG-in-ICO).
 * @param {{ size: number, png: Buffer }[]} images
 */
function encodeIco(images) {
	const header = Buffer.alloc(6 + 16 * images.length);
	header.writeUInt16LE(0, 0);
	header.writeUInt16LE(1, 2);
	header.writeUInt16LE(images.length, 4);
	let offset = header.length;
	images.forEach(({ size, png }, k) => {
		const e = 6 + 16 * k;
		header[e] = size >= 256 ? 0 : size;
		header[e + 1] = size >= 256 ? 0 : size;
		header.writeUInt16LE(1, e + 4);
		header.writeUInt16LE(32, e + 6);
		header.writeUInt32LE(png.length, e + 8);
		header.writeUInt32LE(offset, e + 12);
		offset += png.length;
	});
	return Buffer.concat([header, ...images.map((i) => i.png)]);
}

function main() {
	const iconsDir = path.join(staticDir, 'icons');
	mkdirSync(iconsDir, { recursive: true });
	for (const size of [192, 512]) {
		writeFileSync(path.join(iconsDir, `icon-${size}.png`), render(size, { maskable: false }));
		writeFileSync(path.join(iconsDir, `maskable-${size}.png`), render(size, { maskable: true }));
	}
	// iOS rounds the corners itself and shows transparency as black: a full-bleed square.
	writeFileSync(path.join(iconsDir, 'apple-touch-icon-180.png'), render(180, { maskable: true }));
	// The manifest's shortcuts (long-press on the home-screen icon): last profile, Local demo.
	writeFileSync(path.join(iconsDir, 'shortcut-last-96.png'), render(96, { maskable: false }));
	writeFileSync(
		path.join(iconsDir, 'shortcut-demo-96.png'),
		render(96, { maskable: false, colors: INDIGO })
	);
	const fav = [16, 32, 48].map((size) => ({ size, png: render(size, { maskable: false }) }));
	writeFileSync(path.join(staticDir, 'favicon.png'), fav[1].png);
	writeFileSync(path.join(staticDir, 'favicon.ico'), encodeIco(fav));
	console.log('icons written to static/icons, static/favicon.png and static/favicon.ico');
}

main();
