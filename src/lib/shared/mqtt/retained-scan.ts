/** The retained messages found under a filter. */
export interface RetainedScan {
	filter: string;
	topics: { topic: string; size: number }[];
}
