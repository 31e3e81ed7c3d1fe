/** One reading of the broker's $SYS topics (Mosquitto and others that publish them). */
export interface SysSnapshot {
	profileId: string;
	/** Latest value of each $SYS topic seen, as text. */
	values: Record<string, string>;
	/** When the snapshot was taken. */
	time: number;
}
