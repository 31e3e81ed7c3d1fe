/** A topic tree row as shown: counts, last value preview, retained marker, rate. */
export interface TopicTreeRow {
	path: string;
	name: string;
	depth: number;
	hasChildren: boolean;
	expanded: boolean;
	/** Messages on exactly this topic. */
	count: number;
	/** Topics with messages below this level. */
	subtopics: number;
	lastTime: number;
	/** One line of the last payload. */
	preview: string;
	retained: boolean;
	/** Messages per second, averaged over about 10 s. */
	rate: number;
}

/** What a topic search looks in: the topic path, or the last payload of each topic. */
export type TopicSearchBy = 'topic' | 'payload';

/** The rows of a topic tree on screen, and its size. */
export interface TopicTreePage {
	rows: TopicTreeRow[];
	/** Rows in all with these levels expanded (for the scroll height). */
	total: number;
	/** Distinct topics seen. */
	topics: number;
	/** Still reading stored history into the tree. */
	building: boolean;
}
