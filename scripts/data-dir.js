// @ts-check
/** Where `npm start` keeps what must survive a restart (the --lan certificate). */
import os from 'node:os';
import path from 'node:path';

/**
 * The data folder: $MQTT_SCOPE_DATA_DIR, else the platform's per-user data folder
 * ($XDG_DATA_HOME or ~/.local/share on Linux, %LOCALAPPDATA% on Windows,
 * ~/Library/Application Support on macOS) plus "mqtt-scope".
 * @param {Record<string, string | undefined>} env
 * @param {NodeJS.Platform} [platform]
 * @param {string} [home]
 * @returns {string}
 */
export function dataDir(env, platform = process.platform, home = os.homedir()) {
	if (env.MQTT_SCOPE_DATA_DIR) return path.resolve(env.MQTT_SCOPE_DATA_DIR);
	if (platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'mqtt-scope');
	if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'mqtt-scope');
	const xdg =
		env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : undefined;
	return path.join(xdg ?? path.join(home, '.local', 'share'), 'mqtt-scope');
}
