/**
 * A small disk that really fills up: a tmpfs of a few MB mounted on a temp folder. Chromium's
 * storage quota follows the free space of the disk its profile lives on, so a profile on this
 * disk runs out of IndexedDB room the way a nearly full phone does (CDP's quota override is
 * ignored by IndexedDB in Chromium 156). Mounting needs root (as in CI); without it the
 * caller skips.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A mounted tmpfs and how to resize and remove it. */
export interface SmallDisk {
	/** Where it is mounted. */
	dir: string;
	/** Changes its size, like a user freeing space (tmpfs resizes in place, keeping its files). */
	resize(megabytes: number): Promise<void>;
	/** Unmounts it (lazily if something still holds a file) and deletes the folder. */
	remove(): Promise<void>;
}

/** Mounts a tmpfs of `megabytes`; rejects with the reason when this machine does not allow it. */
export async function mountSmallDisk(megabytes: number): Promise<SmallDisk> {
	if (process.getuid?.() !== 0) throw new Error('mounting a tmpfs needs root');
	const dir = mkdtempSync(join(tmpdir(), 'mqtt-scope-small-disk-'));
	try {
		await run('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`mount -t tmpfs failed: ${(error as Error).message.trim()}`);
	}
	return {
		dir,
		async resize(size) {
			await run('mount', ['-o', `remount,size=${size}m`, dir]);
		},
		async remove() {
			await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
